using System.Diagnostics;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using ResumePair.Contracts.Exports;
using ResumePair.PdfRenderer.Messaging;
using ResumePair.PdfRenderer.Tests.Support;

namespace ResumePair.PdfRenderer.Tests;

/// <summary><c>CancelRender</c> through real RabbitMQ: it stops a running render, drops a still-queued one, and reaches
/// every replica.</summary>
[Collection("renderer-service")]
public sealed class CancelRenderTests(RendererServiceFixture service, ITestOutputHelper output)
{
    private IEnumerable<object> ResultsFor(Guid jobId, int attempt = 1) => service.Received.Where(m => m switch
    {
        PdfRendered r => r.JobId == jobId && r.Attempt == attempt,
        PdfRenderFailed f => f.JobId == jobId && f.Attempt == attempt,
        _ => false,
    });

    [Fact]
    public async Task Cancel_stops_a_running_render_uploads_and_publishes_nothing_and_the_pool_keeps_printing()
    {
        // several seconds of printing
        var job = Jobs.Render(await service.Exports.CreateAsync(), "modern-sidebar", extraJobs: 150);
        await service.Orchestrator.Publish(job);
        await service.WaitForAsync<RenderProgressed>(p => p.JobId == job.JobId && p.Percentage == 10);

        var sw = Stopwatch.StartNew();
        await service.Orchestrator.Publish(Jobs.Cancel(job));
        await service.Logs.WaitForAsync(l =>
            l.Message.StartsWith(
                $"Render of job {job.JobId} attempt 1 cancelled (cancelled by the user",
                StringComparison.Ordinal
            )
        );
        output.WriteLine($"render stopped {sw.ElapsedMilliseconds} ms after the cancel was published");
        Assert.Single(service.Logs.Entries, l =>
            l.Message.StartsWith(
                $"CancelRender for job {job.JobId} attempt 1 (cancelled by the user): 1 running",
                StringComparison.Ordinal
            )
        );

        await Task.Delay(1000); // anything still in flight would show by now
        Assert.Empty(ResultsFor(job.JobId));
        await service.Exports.AssertNothingUploadedAsync(job);
        var beatsThen = service.Received.OfType<RenderProgressed>().Count(p => p.JobId == job.JobId);
        await Task.Delay(600); // heartbeats every 200 ms in the fixture: none once cancelled
        Assert.Equal(beatsThen, service.Received.OfType<RenderProgressed>().Count(p => p.JobId == job.JobId));
        Assert.Equal(0, service.App.Services.GetRequiredService<RenderCancellations>().Running);

        // The abandoned page was replaced: the next jobs (more than one page's worth) print normally.
        var next = new List<RenderPdfRequested>();
        for (var i = 0; i < 3; i++) next.Add(Jobs.Render(await service.Exports.CreateAsync()));
        foreach (var j in next) await service.Orchestrator.Publish(j);
        foreach (var j in next)
            Assert.Equal(1, (await service.WaitForAsync<PdfRendered>(m => m.JobId == j.JobId)).Pages);
    }

    [Fact]
    public async Task Cancel_that_arrives_before_the_request_drops_that_attempt_only()
    {
        var job = Jobs.Render(await service.Exports.CreateAsync());
        await service.Orchestrator.Publish(Jobs.Cancel(job));
        await service.Logs.WaitForAsync(l =>
            l.Message.StartsWith(
                $"CancelRender for job {job.JobId} attempt 1 (cancelled by the user): 0 running",
                StringComparison.Ordinal
            )
        );

        await service.Orchestrator.Publish(job);
        await service.Logs.WaitForAsync(l =>
            l.Message == $"Job {job.JobId} attempt 1 was cancelled before it started; dropped"
        );
        await Task.Delay(500);
        Assert.Empty(ResultsFor(job.JobId));
        Assert.DoesNotContain(service.Received.OfType<RenderProgressed>(), p => p.JobId == job.JobId);
        await service.Exports.AssertNothingUploadedAsync(job);

        // The tombstone is per (JobId, Attempt): another attempt of the job (the orchestrator's next, with its own
        // upload URL) renders.
        var next = await service.Exports.NextAttemptAsync(job);
        var retry = job with { Attempt = next.Attempt, UploadUrl = next.UploadUrl };
        await service.Orchestrator.Publish(retry);
        Assert.Equal(2, (await service.WaitForAsync<PdfRendered>(m => m.JobId == job.JobId)).Attempt);
        Assert.NotNull(await service.Exports.StoredFileAsync(retry));
    }

    [Fact]
    public async Task Every_replica_receives_every_cancel_on_a_temporary_queue_of_its_own()
    {
        var logs = new CapturedLogs();
        var second = RendererReplica.Create(
            new Uri(service.RabbitMq.AmqpUri),
            service.Exports.Orchestrator.Url,
            Path.Combine(service.DataDirectory, "replica-2"),
            "pdf-renderer-test-2",
            logs,
            settings: ("Renderer:WarmUp", "false")
        );
        try
        {
            var cancel = new CancelRender
            {
                JobId = Guid.NewGuid(),
                Attempt = 3,
                Reason = "operator",
                Deadline = DateTimeOffset.UtcNow.AddMinutes(1),
            };
            await service.Orchestrator.Publish(cancel);
            var heard = $"CancelRender for job {cancel.JobId} attempt 3 (operator): 0 running";
            await service.Logs.WaitForAsync(l => l.Message.StartsWith(heard, StringComparison.Ordinal));
            await logs.WaitForAsync(l => l.Message.StartsWith(heard, StringComparison.Ordinal));
            Assert.True(service.App.Services.GetRequiredService<RenderCancellations>().Tombstones >= 1);
            Assert.Equal(1, second.Services.GetRequiredService<RenderCancellations>().Tombstones);

            var queues = await CancelQueuesAsync();
            output.WriteLine(string.Join(", ", queues.Select(q => q.GetProperty("name").GetString())));
            Assert.Single(queues, q =>
                q.GetProperty("name")
                    .GetString()!
                    .StartsWith("render-cancellations-pdf-renderer-test-1-", StringComparison.Ordinal)
            );
            Assert.Single(queues, q =>
                q.GetProperty("name")
                    .GetString()!
                    .StartsWith("render-cancellations-pdf-renderer-test-2-", StringComparison.Ordinal)
            );
            // MassTransit's temporary queue: exclusive to the replica's connection (deleted when it closes), not
            // durable, and expiring should the broker keep it after a crash.
            Assert.All(queues, q =>
            {
                Assert.True(q.GetProperty("exclusive").GetBoolean());
                Assert.False(q.GetProperty("durable").GetBoolean());
                Assert.True(q.GetProperty("arguments").TryGetProperty("x-expires", out _));
            });
        }
        finally
        {
            await second.DisposeAsync();
        }
        // A stopped replica's queue goes with it instead of collecting cancels nobody reads.
        for (var i = 0; i < 50 && (await CancelQueuesAsync()).Count > 1; i++) await Task.Delay(100);
        Assert.DoesNotContain(await CancelQueuesAsync(), q => q.GetProperty("name").GetString()!.Contains("test-2",
            StringComparison.Ordinal));
    }

    private async Task<List<JsonElement>> CancelQueuesAsync()
    {
        using var management = new HttpClient
        {
            BaseAddress = new Uri($"http://127.0.0.1:{service.RabbitMq.ManagementPort}/"),
        };
        management.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue(
            "Basic",
            Convert.ToBase64String("guest:guest"u8)
        );
        var queues = await System.Net.Http.Json.HttpClientJsonExtensions.GetFromJsonAsync<JsonElement>(management,
            "api/queues/%2F");
        return queues
            .EnumerateArray()
            .Where(q =>
                q.GetProperty("name").GetString()!.StartsWith("render-cancellations-", StringComparison.Ordinal)
            )
            .ToList();
    }
}
