using ResumePair.AppHost.Model;

namespace ResumePair.AppHost.Tests;

/// <summary>The same topology as ResumePair.AppHost/Program.cs, built without running anything.</summary>
internal static class SampleTopology
{
    public static DistributedApplication Build(LauncherOptions? options = null)
    {
        var builder = DistributedApplication.CreateBuilder(options ?? new LauncherOptions { Renderers = 2 }, "/repo");
        var postgres = builder.AddPostgres("postgres");
        var documentsDb = postgres.AddDatabase("documentsdb");
        var exportsDb = postgres.AddDatabase("exportsdb");
        var aiDb = postgres.AddDatabase("aidb");
        var messaging = builder.AddRabbitMQ("messaging");
        var documents = builder.AddProject("documents", "services/ResumePair.Documents")
            .WithReference(documentsDb).WaitFor(documentsDb).WithReference(messaging).WaitFor(messaging);
        var aiProxy = builder.AddProject("ai-proxy", "services/ResumePair.AiProxy")
            .WithReference(aiDb).WaitFor(aiDb).WithReference(messaging).WaitFor(messaging)
            .WithReference(documents).WaitFor(documents);
        var exportOrchestrator = builder.AddProject("export-orchestrator", "services/ResumePair.ExportOrchestrator")
            .WithReference(exportsDb).WaitFor(exportsDb).WithReference(messaging).WaitFor(messaging)
            .WithReference(documents).WaitFor(documents)
            .WithReference(aiProxy);
        var pdfRenderer = builder.AddProject("pdf-renderer", "services/ResumePair.PdfRenderer")
            .WithReplicas(builder.Options.Renderers)
            .WithReference(messaging).WaitFor(messaging)
            .WithReference(exportOrchestrator).WaitFor(exportOrchestrator);
        builder.AddProject("gateway", "gateway/ResumePair.Gateway")
            .WithHttpEndpoint(port: builder.Options.GatewayPort).WithExternalHttpEndpoints()
            .WithReference(documents).WaitFor(documents)
            .WithReference(aiProxy).WaitFor(aiProxy)
            .WithReference(exportOrchestrator).WaitFor(exportOrchestrator)
            .WithReference(pdfRenderer).WaitFor(pdfRenderer);
        return builder.Build();
    }

    public static T Get<T>(this DistributedApplication app, string name) where T : IResource =>
        app.Graph.Resources.OfType<T>().Single(r => r.Name == name);
}
