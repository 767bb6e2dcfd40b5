using ResumePair.AppHost.Model;
using Xunit;

namespace ResumePair.AppHost.Tests;

public sealed class ResourceGraphTests
{
    [Fact]
    public void Start_order_puts_every_dependency_first_and_stop_order_is_the_reverse()
    {
        var app = SampleTopology.Build();
        var order = app.Graph.StartOrder.Select(r => r.Name).ToList();

        foreach (var resource in app.Graph.Resources)
            foreach (var dependency in ResourceGraph.StartDependencies(resource))
                Assert.True(order.IndexOf(dependency.Name) < order.IndexOf(resource.Name), $"{dependency.Name} must start before {resource.Name}");

        Assert.Equal("postgres", order[0]);
        Assert.Equal("gateway", order[^1]);
        Assert.True(order.IndexOf("documents") < order.IndexOf("export-orchestrator"));
        Assert.True(order.IndexOf("export-orchestrator") < order.IndexOf("pdf-renderer"));
        Assert.Equal(order.AsEnumerable().Reverse(), app.Graph.StopOrder.Select(r => r.Name));
    }

    [Fact]
    public void Dependents_are_what_waits_for_a_resource()
    {
        var app = SampleTopology.Build();
        var documents = app.Get<ProjectResource>("documents");
        Assert.Equal(["ai-proxy", "export-orchestrator", "gateway"], app.Graph.Dependents(documents).Select(r => r.Name).Order());
        var documentsDb = app.Get<PostgresDatabaseResource>("documentsdb");
        Assert.Same(app.Get<PostgresServerResource>("postgres"), documentsDb.Server);
    }

    [Fact]
    public void A_wait_cycle_is_rejected()
    {
        var builder = DistributedApplication.CreateBuilder(new LauncherOptions(), "/repo");
        var a = builder.AddProject("a", "a");
        var b = builder.AddProject("b", "b").WaitFor(a);
        a.WaitFor(b);
        var error = Assert.Throws<InvalidOperationException>(builder.Build);
        Assert.Contains("cycle", error.Message);
    }

    [Fact]
    public void Mutual_references_without_waiting_are_fine()
    {
        var builder = DistributedApplication.CreateBuilder(new LauncherOptions(), "/repo");
        var a = builder.AddProject("a", "a");
        var b = builder.AddProject("b", "b").WithReference(a);
        a.WithReference(b);
        Assert.Equal(2, builder.Build().Graph.StartOrder.Count);
    }

    [Fact]
    public void Duplicate_names_self_references_and_fixed_ports_running_past_65535_are_rejected()
    {
        var builder = DistributedApplication.CreateBuilder(new LauncherOptions(), "/repo");
        var a = builder.AddProject("a", "a");
        Assert.Throws<InvalidOperationException>(() => builder.AddRabbitMQ("A"));
        Assert.Throws<InvalidOperationException>(() => a.WithReference(a));
        Assert.Throws<InvalidOperationException>(() => a.WaitFor(a));
        Assert.Throws<ArgumentOutOfRangeException>(() => a.WithReplicas(0));

        a.WithReplicas(2).WithHttpEndpoint(65535);
        Assert.Throws<InvalidOperationException>(builder.Build);
    }

    [Fact]
    public void Replicas_of_a_fixed_port_project_take_consecutive_ports()
    {
        var builder = DistributedApplication.CreateBuilder(new LauncherOptions(), "/repo");
        builder.AddProject("gateway", "gateway").WithReplicas(3).WithHttpEndpoint(9000);
        var app = builder.Build();
        var free = 20000;
        var plan = ResumePair.AppHost.Orchestration.LaunchPlan.Create(app.Graph, () => free++);
        var gateway = app.Get<ProjectResource>("gateway");
        Assert.Equal([9000, 9001, 9002], Enumerable.Range(0, 3).Select(i => plan.Port(gateway, i)));
    }

    [Fact]
    public void Replicated_projects_name_each_instance()
    {
        var app = SampleTopology.Build(new LauncherOptions { Renderers = 3 });
        var renderer = app.Get<ProjectResource>("pdf-renderer");
        Assert.Equal(["pdf-renderer-0", "pdf-renderer-1", "pdf-renderer-2"], Enumerable.Range(0, 3).Select(renderer.InstanceName));
        Assert.Equal("documents", app.Get<ProjectResource>("documents").InstanceName(0));
    }
}
