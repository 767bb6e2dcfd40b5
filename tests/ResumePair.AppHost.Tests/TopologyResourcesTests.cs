using System.Net;
using System.Text.Json.Nodes;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace ResumePair.AppHost.Tests;

[Collection(AppHostCollection.Name)]
public sealed class TopologyResourcesTests(AppHostFixture fixture)
{
    private DistributedApplication App => fixture.Topology.App;

    [Theory]
    [InlineData("documents-migrations")]
    [InlineData("export-orchestrator-migrations")]
    [InlineData("ai-proxy-migrations")]
    public void Migrations_ran_to_completion_as_resources(string name)
    {
        var snapshot = Snapshot(name);
        Assert.Equal(KnownResourceStates.Finished, snapshot.State?.Text);
        Assert.Equal(0, snapshot.ExitCode);
    }

    [Theory]
    [InlineData("documentsdb")]
    [InlineData("exportsdb")]
    [InlineData("aidb")]
    public void Databases_are_child_resources_that_reach_running_and_healthy(string name)
    {
        var snapshot = Snapshot(name);
        Assert.Equal(KnownResourceStates.Running, snapshot.State?.Text);
        Assert.Equal(Microsoft.Extensions.Diagnostics.HealthChecks.HealthStatus.Healthy, snapshot.HealthStatus);
        var database = Assert.IsType<LocalPostgresDatabaseResource>(
            App.Services.GetRequiredService<DistributedApplicationModel>().Resources.Single(r => r.Name == name)
        );
        Assert.Equal("postgres", database.Parent.Name);
    }

    [Fact]
    public async Task The_gateway_reports_every_service_behind_it_healthy()
    {
        using var http = new HttpClient { BaseAddress = fixture.Topology.GatewayUrl };
        using var response = await http.GetAsync("/health");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var checks = JsonNode.Parse(await response.Content.ReadAsStringAsync())!["checks"]!.AsArray()
            .ToDictionary(c => c!["name"]!.GetValue<string>(), c => c!["status"]!.GetValue<string>());
        foreach (var service in new[] { "documents", "ai-proxy", "export-orchestrator", "pdf-renderer" })
            Assert.Equal("Healthy", checks[service]);
    }

    [Fact]
    public void Replicas_come_from_configuration()
    {
        var renderer = App
            .Services.GetRequiredService<DistributedApplicationModel>()
            .Resources.OfType<ProjectResource>()
            .Single(r => r.Name == "pdf-renderer");
        Assert.Equal(2, renderer.GetReplicaCount());
    }

    [Fact]
    public async Task A_single_instance_listens_itself_so_while_it_is_down_its_port_refuses_at_once()
    {
        var model = App.Services.GetRequiredService<DistributedApplicationModel>();
        EndpointAnnotation Http(string name) => model.Resources.Single(r => r.Name == name)
            .Annotations.OfType<EndpointAnnotation>().Single(e => e.Name == "http");
        Assert.False(Http("ai-proxy").IsProxied);
        Assert.True(Http("pdf-renderer").IsProxied); // two replicas: DCP's proxy spreads connections over them

        var url = fixture.Topology.ServiceUrl("ai-proxy");
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        try
        {
            await fixture.Topology.KillServiceAsync("ai-proxy");
            var clock = System.Diagnostics.Stopwatch.StartNew();
            var refused = await Assert.ThrowsAsync<HttpRequestException>(() => http.GetAsync(new Uri(url, "/health")));
            // Refused, not held open by a proxy until the service returns (callers would wait instead of retrying).
            Assert.Equal(System.Net.Sockets.SocketError.ConnectionRefused,
                Assert.IsType<System.Net.Sockets.SocketException>(refused.InnerException).SocketErrorCode);
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(2), $"took {clock.Elapsed}");
        }
        finally
        {
            await fixture.Topology.StartServiceAsync("ai-proxy");
        }
        Assert.Equal(url, fixture.Topology.ServiceUrl("ai-proxy"));
        using var health = await http.GetAsync(new Uri(url, "/health"));
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
    }

    [Fact]
    public void Servers_run_from_the_topology_data_folder()
    {
        var commands = fixture.Topology.CommandLinesUsingDataDirectory();
        Assert.Contains(commands, c =>
            c.Contains("/postgres ", StringComparison.Ordinal) && c.Contains("-D " + fixture.Topology.DataDirectory)
        );
        Assert.Contains(commands, c => c.Contains("beam.smp", StringComparison.Ordinal));
    }

    private CustomResourceSnapshot Snapshot(string name) =>
        App.ResourceNotifications.TryGetCurrentState(name, out var state)
            ? state.Snapshot
            : throw new InvalidOperationException($"No state for {name}");
}
