using Microsoft.Extensions.Time.Testing;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ResumePair.ExportOrchestrator.Tests.Support;
using ResumePair.Testing;

namespace ResumePair.ExportOrchestrator.Tests.Contract;

/// <summary>POST /batch, a specific version, the per-minute and per-hour limits.</summary>
[Collection("infrastructure")]
public sealed class BatchAndLimitsTests(InfrastructureFixture infra)
{
    [Fact]
    public async Task A_batch_creates_one_job_per_document_or_nothing_and_counts_once_toward_the_unfinished_limit()
    {
        await using var h = await ExportHarness.StartAsync(infra);
        var docs = new[] { h.DocumentId, await h.CreateResumeAsync(), await h.CreateResumeAsync() };

        // One document that is not the caller's: 404, and nothing was created.
        var strangers = await h.CreateResumeAsync(await h.RegisterAsync());
        var refused = await h.Client.PostAsJsonAsync(
            "/api/v1/export/batch",
            new
            {
                documentIds = docs.Append(strangers),
                templateId = "t",
                pageSize = "A4",
            }
        );
        Assert.Equal(HttpStatusCode.NotFound, refused.StatusCode);
        Assert.Equal(0L, await h.ScalarAsync<long>("SELECT count(*) FROM jobs"));
        Assert.Equal(0L, await h.ScalarAsync<long>("SELECT count(*) FROM outbox_messages"));

        var tooMany = await h.Client.PostAsJsonAsync(
            "/api/v1/export/batch",
            new
            {
                documentIds = Enumerable.Range(0, 11).Select(_ => Guid.NewGuid()),
                templateId = "t",
                pageSize = "A4",
            }
        );
        Assert.Equal(HttpStatusCode.BadRequest, tooMany.StatusCode);
        Assert.True(
            (await tooMany.Content.ReadFromJsonAsync<JsonElement>())
                .GetProperty("errors")
                .TryGetProperty("documentIds", out _)
        );

        var accepted = await h.Client.PostAsJsonAsync(
            "/api/v1/export/batch",
            new
            {
                documentIds = docs,
                templateId = "t",
                pageSize = "Letter",
            }
        );
        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        var body = await accepted.Content.ReadFromJsonAsync<JsonElement>();
        var jobs = body.GetProperty("jobs").EnumerateArray().ToList();
        Assert.Equal(docs, jobs.Select(j => j.GetProperty("documentId").GetGuid()));
        Assert.All(jobs, j => Assert.Equal("pending", j.GetProperty("status").GetString()));
        Assert.Equal(3L, await h.ScalarAsync<long>("SELECT count(*) FROM jobs"));
        Assert.Equal(
            body.GetProperty("batchId").GetGuid(),
            await h.ScalarAsync<Guid>("SELECT DISTINCT batch_id FROM jobs")
        );
        foreach (var job in jobs)
            Assert.Equal(
                "Letter",
                Assert.Single(await h.RequestsInOutboxAsync(job.GetProperty("jobId").GetGuid())).PageSize
            );

        // The batch is one of the three unfinished exports: two more single exports fit, the third does not.
        await h.RequestExportAsync();
        await h.RequestExportAsync();
        var limited = await h.Client.PostAsJsonAsync(
            "/api/v1/export/pdf",
            new
            {
                documentId = h.DocumentId,
                templateId = "t",
                pageSize = "A4",
            }
        );
        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
    }

    [Fact]
    public async Task A_requested_version_is_snapshotted_instead_of_the_current_one()
    {
        await using var h = await ExportHarness.StartAsync(infra);
        var response = await h.Client.PostAsJsonAsync(
            "/api/v1/export/pdf",
            new
            {
                documentId = h.DocumentId,
                templateId = "t",
                pageSize = "A4",
                version = 2,
            }
        );
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var jobId = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("jobId").GetGuid();
        var request = Assert.Single(await h.RequestsInOutboxAsync(jobId));
        Assert.Equal((2L, "Jane Doe — Resume (v2)"), (request.DocumentVersion, request.Title));
        Assert.Equal(
            2L,
            await h.ScalarAsync<long>("SELECT document_version FROM jobs WHERE id = @jobId", new { jobId })
        );

        var missing = await h.Client.PostAsJsonAsync(
            "/api/v1/export/pdf",
            new
            {
                documentId = h.DocumentId,
                templateId = "t",
                pageSize = "A4",
                version = 9,
            }
        );
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        var invalid = await h.Client.PostAsJsonAsync(
            "/api/v1/export/pdf",
            new
            {
                documentId = h.DocumentId,
                templateId = "t",
                pageSize = "A4",
                version = 0,
            }
        );
        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
    }

    [Fact]
    public async Task Export_requests_are_limited_per_minute_in_postgres_and_jobs_per_hour()
    {
        var time = FlowingTime.Start();
        await using var h = await ExportHarness.StartAsync(infra, time, new()
        {
            ["RateLimits:Policies:export-requests:PermitLimit"] = "5",
            ["Export:MaxUnfinishedJobsPerUser"] = "100",
            ["Export:MaxJobsPerUserPerHour"] = "6",
        });
        var docs = new[]
        {
            await h.CreateResumeAsync(),
            await h.CreateResumeAsync(),
            await h.CreateResumeAsync(),
            await h.CreateResumeAsync(),
        };
        Task<HttpResponseMessage> Batch(int n) =>
            h.Client.PostAsJsonAsync(
                "/api/v1/export/batch",
                new
                {
                    documentIds = docs.Take(n),
                    templateId = "t",
                    pageSize = "A4",
                }
            );
        Task<HttpResponseMessage> Single() =>
            h.Client.PostAsJsonAsync(
                "/api/v1/export/pdf",
                new
                {
                    documentId = h.DocumentId,
                    templateId = "t",
                    pageSize = "A4",
                }
            );

        var first = await Batch(4);
        Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);
        Assert.Equal("5", first.Headers.GetValues("RateLimit-Limit").Single());
        Assert.Equal("4", first.Headers.GetValues("RateLimit-Remaining").Single());
        Assert.Equal(HttpStatusCode.Accepted, (await Single()).StatusCode);        // 5 jobs this hour
        var overHour = await Batch(2);                                               // 7 > 6: all or nothing
        Assert.Equal(HttpStatusCode.TooManyRequests, overHour.StatusCode);
        Assert.NotNull(overHour.Headers.RetryAfter);
        Assert.Equal(5L, await h.ScalarAsync<long>("SELECT count(*) FROM jobs"));
        Assert.Equal(HttpStatusCode.Accepted, (await Single()).StatusCode);        // 6 jobs
        Assert.Equal(HttpStatusCode.TooManyRequests, (await Single()).StatusCode); // hourly limit again (5th request)
        var overMinute = await Single();                                             // 6th request this minute
        Assert.Equal(HttpStatusCode.TooManyRequests, overMinute.StatusCode);
        Assert.Equal("0", overMinute.Headers.GetValues("RateLimit-Remaining").Single());
        Assert.Equal(
            "export-requests",
            (await overMinute.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("policy").GetString()
        );

        // An hour later both limits have room again.
        time.Advance(TimeSpan.FromMinutes(61));
        Assert.Equal(HttpStatusCode.Accepted, (await Single()).StatusCode);
    }
}
