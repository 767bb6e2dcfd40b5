namespace ResumePair.AppHost;

// The topology. Configuration (command line `--Key=value`, environment `Key__Sub=value`, appsettings.json):
//   Servers=local|containers|existing  PostgreSQL and RabbitMQ as local processes (default), as Aspire's
//                                      containers, or existing servers (ConnectionStrings:documentsdb, … messaging)
//   DataDirectory=PATH                 server data and service scratch space (default <repo>/.data/apphost)
//   Replicas:NAME=N                    replicas of a service, e.g. --Replicas:pdf-renderer=2
//   Gateway:Port=P                     the gateway's public port (default 8080, 0 = any free port)
//
// A class rather than top-level statements: those make a public global Program, which collides with the services'
// own Program in test projects that reference both.
public static class AppHostProgram
{
    public static void Main(string[] args)
    {
        var builder = DistributedApplication.CreateBuilder(args);
        builder.AddFailureReport();
        builder.AddPatientHealthChecks();
        var settings = ProductSettings.From(builder);
        var servers = new Servers(builder, settings);

        var documentsDb = servers.AddDatabase("documentsdb");
        var exportsDb = servers.AddDatabase("exportsdb");
        var aiDb = servers.AddDatabase("aidb");
        var messaging = servers.AddRabbitMQ("messaging");

        // Each service's own `--migrate`, run to completion before the service starts.
        var documentsMigrations = builder.AddMigrations<Projects.ResumePair_Documents>("documents", settings)
            .WithReference(documentsDb).WaitFor(documentsDb).WithReference(messaging);
        var exportsMigrations = builder
            .AddMigrations<Projects.ResumePair_ExportOrchestrator>("export-orchestrator", settings)
            .WithReference(exportsDb).WaitFor(exportsDb).WithReference(messaging);
        var aiMigrations = builder.AddMigrations<Projects.ResumePair_AiProxy>("ai-proxy", settings)
            .WithReference(aiDb).WaitFor(aiDb).WithReference(messaging);

        var documents = builder.AddService<Projects.ResumePair_Documents>("documents", settings)
            .WithReference(documentsDb).WaitForCompletion(documentsMigrations)
            .WithReference(messaging).WaitForStart(messaging);

        // Services wait only for what they cannot start without: their database, migrated. The broker only has to be
        // started: it boots (~8 s) while the services start, and each service's start-up waits for it to take
        // connections before its bus starts (ResumePair.Messaging), so the service is ready once the broker is. Calls
        // to other services are resolved and retried when made, and signing keys fetched on the first signed-in
        // request. So they start side by side, each `dotnet run` a few seconds, instead of one after another.
        var aiProxy = builder.AddService<Projects.ResumePair_AiProxy>("ai-proxy", settings)
            .WithReference(aiDb).WaitForCompletion(aiMigrations)
            .WithReference(messaging).WaitForStart(messaging)
            .WithReference(documents);

        var exportOrchestrator = builder
            .AddService<Projects.ResumePair_ExportOrchestrator>("export-orchestrator", settings)
            .WithReference(exportsDb).WaitForCompletion(exportsMigrations)
            .WithReference(messaging).WaitForStart(messaging)
            .WithReference(documents)
            // Import jobs call ai-proxy: a job that finds it down is retried.
            .WithReference(aiProxy)
            .WithExportCommands(settings)
            .WithDashboardLinks();

        var pdfRenderer = builder.AddService<Projects.ResumePair_PdfRenderer>("pdf-renderer", settings)
            .WithReference(messaging).WaitForStart(messaging)
            // Uploads go to the orchestrator (retried until it answers). Template previews are for signed-in users:
            // the renderer validates tokens with the documents' keys.
            .WithReference(exportOrchestrator)
            .WithReference(documents)
            .WithRendererCommands(settings);

        // Published resumes' pages (/r/{slug}) are printed by the renderer and their PDFs come from the export engine.
        // Not waited for: a share page that finds them down answers 503.
        documents.WithReference(pdfRenderer).WithReference(exportOrchestrator)
            // GET /me shows the user's AI quota, which ai-proxy owns (best effort: null while it is down).
            .WithReference(aiProxy);

        // The gateway starts beside the services; it is ready once every replica of every service behind it is (its
        // /health asks them), so its being ready is the ready line.
        builder.AddService<Projects.ResumePair_Gateway>("gateway", settings, publicPort: settings.GatewayPort)
            .WithReference(documents).WaitForStart(documents)
            .WithReference(aiProxy).WaitForStart(aiProxy)
            .WithReference(exportOrchestrator).WaitForStart(exportOrchestrator)
            .WithReference(pdfRenderer).WaitForStart(pdfRenderer)
            // Socket continuations run on the epoll threads, and the gateway's requests with them (InlineIo).
            .WithEnvironment("DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS", "1")
            .WithDownstreamReadiness()
            .WithReadyBanner();

        builder.Build().Run();
    }
}
