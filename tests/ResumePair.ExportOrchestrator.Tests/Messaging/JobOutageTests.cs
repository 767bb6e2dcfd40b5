using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ResumePair.ExportOrchestrator.Tests.Support;
using ResumePair.Testing;
using ResumePair.Testing.Jobs;

namespace ResumePair.ExportOrchestrator.Tests.Messaging;

/// <summary>RabbitMQ stopped with jobs in flight and started again: every job completes, once. Shares the outage
/// servers.</summary>
[Collection("broker-outage")]
public sealed class JobOutageTests(InfrastructureFixture infra)
{
    [Fact]
    public async Task Jobs_in_flight_and_jobs_accepted_during_a_broker_outage_all_complete_exactly_once()
    {
        await using var h = await ExportHarness.StartAsync(infra, settings: new()
        {
            ["Export:MaxUnfinishedJobsPerUser"] = "100", ["Outbox:PublishTimeout"] = "00:00:02",
        });
        await CompletionAudit.InstallAsync(h.Factory.DataSource);
        async Task<Guid> ExportJsonAsync()
        {
            var response = await h.Client.PostAsJsonAsync("/api/v1/export/json", new { documentId = h.DocumentId });
            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
            return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("jobId").GetGuid();
        }

        var jobs = new List<Guid>();
        for (var i = 0; i < 5; i++) jobs.Add(await ExportJsonAsync()); // in flight as the broker goes down
        await infra.RabbitMq.StopAsync();
        for (var i = 0; i < 5; i++)
            jobs.Add(await ExportJsonAsync()); // accepted while it is down: the outbox holds them
        await infra.RabbitMq.RestartAsync();

        await Eventually.UntilAsync(
            () => h.ScalarAsync<long>("SELECT count(*) FROM jobs WHERE status = 'completed'"),
            n => n == jobs.Count,
            "every job to complete after the outage",
            TimeSpan.FromSeconds(120)
        );
        Assert.Equal(0L, await h.ScalarAsync<long>("SELECT count(*) FROM jobs WHERE status <> 'completed'"));
        // Exactly once: one transition into completed per job.
        Assert.Equal(((long)jobs.Count, 0L), await CompletionAudit.CountAsync(h.Factory.DataSource, jobs));
        Assert.Equal(0L, await h.ScalarAsync<long>("SELECT count(*) FROM outbox_messages WHERE sent_at IS NULL"));
    }
}
