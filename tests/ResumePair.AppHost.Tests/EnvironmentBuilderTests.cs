using ResumePair.AppHost.Model;
using ResumePair.AppHost.Orchestration;
using Xunit;

namespace ResumePair.AppHost.Tests;

public sealed class EnvironmentBuilderTests
{
    private static (DistributedApplication App, LaunchContext Context) Launch(LauncherOptions options)
    {
        var app = SampleTopology.Build(options);
        var next = 20000;
        var plan = LaunchPlan.Create(app.Graph, () => next++);
        var connections = new Dictionary<IResource, string>
        {
            [app.Get<PostgresServerResource>("postgres")] = "Host=127.0.0.1;Port=5555;Username=postgres;Database=postgres",
            [app.Get<PostgresDatabaseResource>("documentsdb")] = "Host=127.0.0.1;Port=5555;Username=postgres;Database=documentsdb",
            [app.Get<PostgresDatabaseResource>("exportsdb")] = "Host=127.0.0.1;Port=5555;Username=postgres;Database=exportsdb",
            [app.Get<PostgresDatabaseResource>("aidb")] = "Host=127.0.0.1;Port=5555;Username=postgres;Database=aidb",
            [app.Get<RabbitMQServerResource>("messaging")] = "amqp://guest:guest@127.0.0.1:5672/",
        };
        return (app, new LaunchContext(plan, connections, options, "/data", 4242));
    }

    [Fact]
    public void Ports_are_distinct_per_replica_and_the_gateway_gets_its_fixed_port()
    {
        var (app, context) = Launch(new LauncherOptions { Renderers = 2, GatewayPort = 8080 });
        var projects = app.Graph.Projects.ToList();
        var ports = projects.SelectMany(p => Enumerable.Range(0, p.Replicas).Select(i => context.Plan.Port(p, i))).ToList();
        Assert.Equal(ports.Count, ports.Distinct().Count());
        Assert.Equal(8080, context.Plan.Port(app.Get<ProjectResource>("gateway"), 0));
        Assert.Equal(6, ports.Count); // documents, ai-proxy, export-orchestrator, 2 renderers, gateway
    }

    [Fact]
    public void Gateway_port_zero_means_a_free_port()
    {
        var (app, context) = Launch(new LauncherOptions { GatewayPort = 0 });
        Assert.InRange(context.Plan.Port(app.Get<ProjectResource>("gateway"), 0), 20000, 20010);
    }

    [Fact]
    public void A_service_gets_its_database_broker_identity_url_and_launcher_pid()
    {
        var (app, context) = Launch(new LauncherOptions());
        var documents = app.Get<ProjectResource>("documents");
        var env = EnvironmentBuilder.For(documents, 0, context);

        Assert.Equal("Host=127.0.0.1;Port=5555;Username=postgres;Database=documentsdb", env["ConnectionStrings__documentsdb"]);
        Assert.Equal("amqp://guest:guest@127.0.0.1:5672/", env["ConnectionStrings__messaging"]);
        Assert.False(env.ContainsKey("ConnectionStrings__exportsdb"));
        Assert.Equal(context.Plan.Url(documents, 0), env["ASPNETCORE_URLS"]);
        Assert.StartsWith("http://127.0.0.1:", env["ASPNETCORE_URLS"]);
        Assert.Equal("documents", env["OTEL_SERVICE_NAME"]);
        Assert.Equal("documents-0", env["OTEL_SERVICE_INSTANCE_ID"]);
        Assert.Equal("Development", env["ASPNETCORE_ENVIRONMENT"]);
        Assert.Equal("4242", env["RESUMEPAIR_PARENT_PID"]);
        Assert.Equal("/data", env["ResumePair__DataDirectory"]);
        Assert.Equal("1", env["DOTNET_NOLOGO"]);
        Assert.False(env.ContainsKey("OTEL_EXPORTER_OTLP_ENDPOINT"));
        Assert.DoesNotContain(env.Keys, k => k.StartsWith("services__", StringComparison.Ordinal));
    }

    [Fact]
    public void Referencing_a_replicated_project_lists_every_replica()
    {
        var (app, context) = Launch(new LauncherOptions { Renderers = 3 });
        var renderer = app.Get<ProjectResource>("pdf-renderer");
        var env = EnvironmentBuilder.For(app.Get<ProjectResource>("gateway"), 0, context);

        for (var i = 0; i < 3; i++)
            Assert.Equal(context.Plan.Url(renderer, i), env[$"services__pdf-renderer__http__{i}"]);
        Assert.False(env.ContainsKey("services__pdf-renderer__http__3"));
        Assert.Equal(context.Plan.Url(app.Get<ProjectResource>("documents"), 0), env["services__documents__http__0"]);
        Assert.True(env.ContainsKey("services__ai-proxy__http__0"));
        Assert.True(env.ContainsKey("services__export-orchestrator__http__0"));
        Assert.DoesNotContain(env.Keys, k => k.StartsWith("ConnectionStrings__", StringComparison.Ordinal));
    }

    [Fact]
    public void Each_replica_has_its_own_url_and_instance_id()
    {
        var (app, context) = Launch(new LauncherOptions { Renderers = 2, OtlpEndpoint = "http://127.0.0.1:4317", Environment = "Production" });
        var renderer = app.Get<ProjectResource>("pdf-renderer");
        var first = EnvironmentBuilder.For(renderer, 0, context);
        var second = EnvironmentBuilder.For(renderer, 1, context);

        Assert.NotEqual(first["ASPNETCORE_URLS"], second["ASPNETCORE_URLS"]);
        Assert.Equal("pdf-renderer-1", second["OTEL_SERVICE_INSTANCE_ID"]);
        Assert.Equal("pdf-renderer", second["OTEL_SERVICE_NAME"]);
        Assert.Equal("http://127.0.0.1:4317", second["OTEL_EXPORTER_OTLP_ENDPOINT"]);
        Assert.Equal("Production", second["ASPNETCORE_ENVIRONMENT"]);
        Assert.Equal(context.Plan.Url(app.Get<ProjectResource>("export-orchestrator"), 0), second["services__export-orchestrator__http__0"]);
        Assert.Equal("amqp://guest:guest@127.0.0.1:5672/", second["ConnectionStrings__messaging"]);
    }

    [Fact]
    public void Explicit_environment_wins()
    {
        var builder = DistributedApplication.CreateBuilder(new LauncherOptions(), "/repo");
        builder.AddProject("a", "a").WithEnvironment("ASPNETCORE_ENVIRONMENT", "Staging").WithEnvironment("Feature__X", "on");
        var app = builder.Build();
        var context = new LaunchContext(LaunchPlan.Create(app.Graph, () => 30000), new Dictionary<IResource, string>(), app.Options, "/d", 1);
        var env = EnvironmentBuilder.For(app.Get<ProjectResource>("a"), 0, context);
        Assert.Equal("Staging", env["ASPNETCORE_ENVIRONMENT"]);
        Assert.Equal("on", env["Feature__X"]);
    }
}
