using System.Net;
using System.Text.Json.Nodes;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using ResumePair.Testing.Topology;
using Xunit;

namespace ResumePair.AppHost.Tests;

/// <summary>The dashboard's operator buttons (resource commands), run as the dashboard runs them.</summary>
[Collection(AppHostCollection.Name)]
public sealed class OperatorCommandTests(AppHostFixture fixture)
{
    private DistributedApplication App => fixture.Topology.App;

    [Fact]
    public async Task Retry_dead_lettered_exports_gives_each_one_more_attempt_and_reports_the_count()
    {
        using var client = new GatewayClient(fixture.Topology.GatewayUrl);
        await client.RegisterAsync();
        var created = await client.SendJsonAsync(
            HttpMethod.Post,
            "/api/v1/documents",
            new
            {
                type = "resume",
                title = "Dead letter drill",
                data = new { profile = new { name = "Grace Hopper" } },
            },
            HttpStatusCode.Created
        );
        var templateId = (await client.SendJsonAsync(HttpMethod.Get, "/api/v1/templates", null, HttpStatusCode.OK))
            .AsArray()
            .Select(t => t!["id"]!.GetValue<string>())
            .First();
        var accepted = await client.SendJsonAsync(HttpMethod.Post, "/api/v1/export/pdf",
            new { documentId = created["id"]!.GetValue<Guid>(), templateId, pageSize = "A4" }, HttpStatusCode.Accepted);
        var jobId = accepted["jobId"]!.GetValue<Guid>();
        await WaitForStatusAsync(client, jobId, "completed");

        // The test's own setup: a job that ran out of attempts (no route puts one there on purpose).
        await using (var db = new NpgsqlConnection(await App.GetConnectionStringAsync("exportsdb")))
        {
            await db.OpenAsync();
            await using var dead = new NpgsqlCommand(
                "UPDATE jobs SET status = 'dead_letter', error = 'drill' WHERE id = $1",
                db
            );
            dead.Parameters.Add(new NpgsqlParameter { Value = jobId });
            Assert.Equal(1, await dead.ExecuteNonQueryAsync());
        }

        var result = await App.ResourceCommands.ExecuteCommandAsync("export-orchestrator", "retry-dead-lettered");

        Assert.True(result.Success, result.Message);
        Assert.Contains("\"retried\":", result.Message);
        Assert.DoesNotContain("\"retried\":0", result.Message);
        var job = await WaitForStatusAsync(client, jobId, "completed");
        Assert.True(job["attempts"]!.GetValue<int>() >= 2, job.ToJsonString());
    }

    [Fact]
    public async Task Run_maintenance_now_runs_the_pass_and_shows_what_it_removed()
    {
        var result = await App.ResourceCommands.ExecuteCommandAsync("export-orchestrator", "run-maintenance");

        Assert.True(result.Success, result.Message);
        var report = JsonNode.Parse(result.Message![(result.Message!.IndexOf('{'))..])!;
        Assert.False(report["skipped"]!.GetValue<bool>());
        Assert.NotNull(report["report"]!["filesDeleted"]);
    }

    [Fact]
    public async Task Recycle_browser_gives_every_renderer_replica_a_fresh_chromium()
    {
        var renderer = App
            .Services.GetRequiredService<DistributedApplicationModel>()
            .Resources.Single(r => r.Name == "pdf-renderer");

        // As the dashboard's button on the resource: once per replica.
        var result = await App.ResourceCommands.ExecuteCommandAsync(renderer, "recycle-browser");

        Assert.True(result.Success, result.Message);
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(15);
        while (RecycledReplicas().Count < 2 && DateTime.UtcNow < deadline) await Task.Delay(200);
        Assert.Equal(2, RecycledReplicas().Count);
    }

    private HashSet<string> RecycledReplicas() =>
        fixture.Topology.LinesOf("pdf-renderer")
            .Where(l => l.Contains("Launching a replacement Chromium: operator command", StringComparison.Ordinal))
            .Select(l => l[..l.IndexOf(']')])
            .ToHashSet();

    private static async Task<JsonNode> WaitForStatusAsync(GatewayClient client, Guid jobId, string status)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(90);
        while (true)
        {
            var job = await client.SendJsonAsync(
                HttpMethod.Get,
                $"/api/v1/export/job/{jobId}",
                null,
                HttpStatusCode.OK
            );
            if (job["status"]!.GetValue<string>() == status) return job;
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"job {jobId} never reached {status}: {job.ToJsonString()}");
            await Task.Delay(250);
        }
    }
}
