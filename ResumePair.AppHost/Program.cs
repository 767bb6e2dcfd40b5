using ResumePair.AppHost;
using ResumePair.AppHost.Model;

// The topology, in .NET Aspire's vocabulary (so a real Aspire AppHost can replace this launcher later).
// Options: --renderers N, --replicas NAME=N,..., --gateway-port P, --data-dir D, --postgres CONN, --rabbitmq URI, --otlp-endpoint URL,
// --environment NAME, --configuration Debug|Release (see README).
var builder = DistributedApplication.CreateBuilder(args);

var postgres = builder.AddPostgres("postgres");
var documentsDb = postgres.AddDatabase("documentsdb");
var exportsDb = postgres.AddDatabase("exportsdb");
var aiDb = postgres.AddDatabase("aidb");

var messaging = builder.AddRabbitMQ("messaging");

var documents = builder.AddProject("documents", "services/ResumePair.Documents")
    .WithReplicas(builder.Options.ReplicasOf("documents"))
    .WithReference(documentsDb).WaitFor(documentsDb)
    .WithReference(messaging).WaitFor(messaging);

var aiProxy = builder.AddProject("ai-proxy", "services/ResumePair.AiProxy")
    .WithReplicas(builder.Options.ReplicasOf("ai-proxy"))
    .WithReference(aiDb).WaitFor(aiDb)
    .WithReference(messaging).WaitFor(messaging)
    .WithReference(documents).WaitFor(documents);

var exportOrchestrator = builder.AddProject("export-orchestrator", "services/ResumePair.ExportOrchestrator")
    .WithReplicas(builder.Options.ReplicasOf("export-orchestrator"))
    .WithReference(exportsDb).WaitFor(exportsDb)
    .WithReference(messaging).WaitFor(messaging)
    .WithReference(documents).WaitFor(documents)
    // Import jobs call ai-proxy; not waited for: a job that finds it down is retried.
    .WithReference(aiProxy);

var pdfRenderer = builder.AddProject("pdf-renderer", "services/ResumePair.PdfRenderer")
    .WithReplicas(builder.Options.ReplicasOf("pdf-renderer"))
    .WithReference(messaging).WaitFor(messaging)
    .WithReference(exportOrchestrator).WaitFor(exportOrchestrator)
    // Template previews are for signed-in users: the renderer validates tokens with the documents service's keys.
    .WithReference(documents);

builder.AddProject("gateway", "gateway/ResumePair.Gateway")
    .WithReplicas(builder.Options.ReplicasOf("gateway"))
    .WithHttpEndpoint(port: builder.Options.GatewayPort)
    .WithExternalHttpEndpoints()
    .WithReference(documents).WaitFor(documents)
    .WithReference(aiProxy).WaitFor(aiProxy)
    .WithReference(exportOrchestrator).WaitFor(exportOrchestrator)
    .WithReference(pdfRenderer).WaitFor(pdfRenderer);

builder.Build().Run();
