using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ResumePair.ExportOrchestrator.Jobs.Engine;
using ResumePair.ExportOrchestrator.Tests.Support;
using ResumePair.ServiceDefaults.Telemetry;
using ResumePair.Testing;

namespace ResumePair.ExportOrchestrator.Tests.Engine;

/// <summary>The engine's own spans, with the job id, continue the trace of the request that asked for the
/// job.</summary>
[Collection("infrastructure")]
public sealed class EngineSpanTests(InfrastructureFixture infra)
{
    [Fact]
    public async Task Enqueue_claim_run_and_complete_are_spans_of_the_requests_trace_with_the_job_id()
    {
        var spans = new ConcurrentBag<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = s => s.Name == ResumePairTelemetry.SourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = spans.Add,
        };
        ActivitySource.AddActivityListener(listener);
        await using var h = await ExportHarness.StartAsync(infra);
        var traceId = ActivityTraceId.CreateRandom();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/export/json")
        {
            Content = JsonContent.Create(new { documentId = h.DocumentId }),
        };
        request.Headers.Add(
            "traceparent",
            $"00-{traceId.ToHexString()}-{ActivitySpanId.CreateRandom().ToHexString()}-01"
        );

        using var accepted = await h.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        var jobId = (await accepted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("jobId").GetGuid().ToString();
        await Eventually.UntilAsync(
            () => Task.FromResult(Of(spans, jobId).Select(s => s.DisplayName).ToHashSet()),
            names => names.IsSupersetOf(["job enqueue", "job claim", "job run", "job complete"]),
            "the engine's four spans"
        );
        var mine = Of(spans, jobId);
        Assert.All(mine, s => Assert.Equal(traceId, s.TraceId));
        Assert.All(mine, s => Assert.Equal("export_json", s.GetTagItem(EngineSpans.JobType)));
        var run = mine.Single(s => s.DisplayName == "job run");
        Assert.Equal(run.SpanId, mine.Single(s => s.DisplayName == "job claim").ParentSpanId);
        Assert.Equal(run.SpanId, mine.Single(s => s.DisplayName == "job complete").ParentSpanId);
        Assert.Equal(ActivityKind.Producer, mine.Single(s => s.DisplayName == "job enqueue").Kind);
    }

    private static List<Activity> Of(IEnumerable<Activity> spans, string jobId) =>
        spans.Where(s => s.GetTagItem(EngineSpans.JobId) as string == jobId).ToList();
}
