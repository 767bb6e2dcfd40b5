using Microsoft.Extensions.Time.Testing;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ResumePair.ExportOrchestrator.Tests.Support;
using ResumePair.Testing;

namespace ResumePair.ExportOrchestrator.Tests.Exports;

[Collection("infrastructure")]
public sealed class ExportApiTests(InfrastructureFixture infra)
{
    [Fact]
    public async Task Accepting_an_export_snapshots_the_document_and_queues_a_render_request_in_the_same_transaction()
    {
        var time = FlowingTime.Start();
        await using var h = await ExportHarness.StartAsync(infra, time);

        var before = time.GetUtcNow();
        var response = await h.Client.PostAsJsonAsync(
            "/api/v1/export/pdf",
            new
            {
                documentId = h.DocumentId,
                templateId = "ats-single-column",
                pageSize = "Letter",
            }
        );
        var after = time.GetUtcNow();
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("pending", body.GetProperty("status").GetString());
        var jobId = body.GetProperty("jobId").GetGuid();

        var job = await h.GetJobAsync(jobId);
        Assert.Equal(("pending", 1, 5, 0), (job.Status, job.Attempts, job.MaxAttempts, job.Progress));
        Assert.Null(job.DownloadUrl);
        // The service's clock moves with real time (FlowingTime): the request's own moment lies in between.
        Assert.InRange(job.CreatedAt, before, after);

        var request = Assert.Single(await h.RequestsInOutboxAsync(jobId));
        Assert.Equal(
            (1, h.UserId, h.DocumentId, 3L, "Letter", "ats-single-column", "Jane Doe — Resume"),
            (
                request.Attempt,
                request.UserId,
                request.DocumentId,
                request.DocumentVersion,
                request.PageSize,
                request.TemplateId,
                request.Title
            )
        );
        Assert.Equal("Jane Doe", request.Data.GetProperty("profile").GetProperty("name").GetString());
        Assert.StartsWith("http://export-orchestrator/internal/files/", request.UploadUrl);
        Assert.InRange(request.Deadline, before.AddMinutes(15), after.AddMinutes(15));
    }

    [Fact]
    public async Task Requests_are_validated_authenticated_and_scoped_to_the_user()
    {
        await using var h = await ExportHarness.StartAsync(infra);

        using var anonymous = h.Factory.CreateClient();
        Assert.Equal(
            HttpStatusCode.Unauthorized,
            (
                await anonymous.PostAsJsonAsync(
                    "/api/v1/export/pdf",
                    new
                    {
                        documentId = h.DocumentId,
                        templateId = "t",
                        pageSize = "A4",
                    }
                )
            ).StatusCode
        );
        Assert.Equal(
            HttpStatusCode.Unauthorized,
            (await anonymous.GetAsync($"/api/v1/export/job/{Guid.NewGuid()}")).StatusCode
        );
        using var forged = h.Factory.CreateClient(ForgedTokens.SignedByAnUnknownKey(h.UserId));
        Assert.Equal(
            HttpStatusCode.Unauthorized,
            (await forged.GetAsync($"/api/v1/export/job/{Guid.NewGuid()}")).StatusCode
        );

        var invalid = await h.Client.PostAsJsonAsync(
            "/api/v1/export/pdf",
            new
            {
                documentId = h.DocumentId,
                templateId = " ",
                pageSize = "A5",
            }
        );
        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        Assert.Equal("application/problem+json", invalid.Content.Headers.ContentType?.MediaType);
        var errors = (await invalid.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.True(errors.TryGetProperty("templateId", out _));
        Assert.True(errors.TryGetProperty("pageSize", out _));

        var malformed = await h.Client.PostAsync(
            "/api/v1/export/pdf",
            new StringContent("{\"documentId\": 12", System.Text.Encoding.UTF8, "application/json")
        );
        Assert.Equal(HttpStatusCode.BadRequest, malformed.StatusCode);

        // A document of someone else: the documents service says 404, so do we.
        var strangersDocument = await h.CreateResumeAsync(await h.RegisterAsync());
        var notMine = await h.Client.PostAsJsonAsync(
            "/api/v1/export/pdf",
            new
            {
                documentId = strangersDocument,
                templateId = "t",
                pageSize = "A4",
            }
        );
        Assert.Equal(HttpStatusCode.NotFound, notMine.StatusCode);

        // Another user's job is 404, never 403.
        var jobId = await h.RequestExportAsync();
        using var strangerClient = h.ClientFor(await h.RegisterAsync());
        Assert.Equal(
            HttpStatusCode.NotFound,
            (await strangerClient.GetAsync($"/api/v1/export/job/{jobId}")).StatusCode
        );
        Assert.Equal(
            HttpStatusCode.NotFound,
            (await strangerClient.GetAsync($"/api/v1/export/download/{jobId}")).StatusCode
        );
        Assert.Equal(
            HttpStatusCode.NotFound,
            (await h.Client.GetAsync($"/api/v1/export/job/{Guid.NewGuid()}")).StatusCode
        );
        // Not completed yet.
        Assert.Equal(HttpStatusCode.NotFound, (await h.Client.GetAsync($"/api/v1/export/download/{jobId}")).StatusCode);
    }

    [Fact]
    public async Task The_documents_service_being_down_is_a_503_problem_and_creates_nothing()
    {
        await using var h = await ExportHarness.StartAsync(infra);
        // The orchestrator has served a signed-in request before (so it holds the documents service's signing keys,
        // as a running deployment does); then documents goes down and only the document read can fail.
        Assert.Equal(
            HttpStatusCode.NotFound,
            (await h.Client.GetAsync($"/api/v1/export/job/{Guid.NewGuid()}")).StatusCode
        );
        await h.Documents.StopAsync();
        var response = await h.Client.PostAsJsonAsync(
            "/api/v1/export/pdf",
            new
            {
                documentId = h.DocumentId,
                templateId = "t",
                pageSize = "A4",
            }
        );
        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(0L, await h.ScalarAsync<long>("SELECT count(*) FROM jobs"));
        Assert.Equal(0L, await h.ScalarAsync<long>("SELECT count(*) FROM outbox_messages"));
    }

    [Fact]
    public async Task A_fourth_unfinished_export_is_429_with_retry_after_even_when_requested_concurrently()
    {
        await using var h = await ExportHarness.StartAsync(infra);
        var responses = await Task.WhenAll(
            Enumerable
                .Range(0, 6)
                .Select(_ =>
                    h.Client.PostAsJsonAsync(
                        "/api/v1/export/pdf",
                        new
                        {
                            documentId = h.DocumentId,
                            templateId = "t",
                            pageSize = "A4",
                        }
                    )
                )
        );

        Assert.Equal(3, responses.Count(r => r.StatusCode == HttpStatusCode.Accepted));
        var limited = responses.Where(r => r.StatusCode == HttpStatusCode.TooManyRequests).ToList();
        Assert.Equal(3, limited.Count);
        Assert.All(limited, r => Assert.NotNull(r.Headers.RetryAfter));
        Assert.Equal("application/problem+json", limited[0].Content.Headers.ContentType?.MediaType);
        Assert.Equal(3L, await h.ScalarAsync<long>("SELECT count(*) FROM jobs"));

        // Another user is not affected.
        var other = await h.RegisterAsync();
        using var otherClient = h.ClientFor(other);
        await h.RequestExportAsync(otherClient, await h.CreateResumeAsync(other));
    }

    [Fact]
    public async Task An_idempotency_key_replays_the_first_answer_and_refuses_a_different_body()
    {
        await using var h = await ExportHarness.StartAsync(infra);
        async Task<HttpResponseMessage> Post(string pageSize, string key)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/export/pdf")
            {
                Content = JsonContent.Create(new { documentId = h.DocumentId, templateId = "t", pageSize }),
            };
            request.Headers.Add("Idempotency-Key", key);
            return await h.Client.SendAsync(request);
        }

        var concurrent = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Post("A4", "key-1")));
        Assert.All(concurrent, r => Assert.Equal(HttpStatusCode.Accepted, r.StatusCode));
        var jobIds = await Task.WhenAll(
            concurrent.Select(async r =>
                (await r.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("jobId").GetGuid()
            )
        );
        Assert.Single(jobIds.Distinct());
        Assert.Equal(1L, await h.ScalarAsync<long>("SELECT count(*) FROM jobs"));
        Assert.Equal(1L, await h.ScalarAsync<long>("SELECT count(*) FROM outbox_messages"));

        // The first response itself (status and body), marked as a replay; the documents service is not asked again.
        var firstBody = await concurrent[0].Content.ReadAsStringAsync();
        Assert.All(await Task.WhenAll(concurrent.Select(r => r.Content.ReadAsStringAsync())), body =>
            Assert.Equal(firstBody, body)
        );
        var documentReads = h.Documents.DocumentReads;
        var replay = await Post("A4", "key-1");
        Assert.Equal(HttpStatusCode.Accepted, replay.StatusCode);
        Assert.Equal(firstBody, await replay.Content.ReadAsStringAsync());
        Assert.Equal("true", replay.Headers.GetValues("Idempotent-Replayed").Single());
        Assert.Equal(documentReads, h.Documents.DocumentReads);

        var conflict = await Post("Letter", "key-1");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, conflict.StatusCode);
        Assert.Equal("application/problem+json", conflict.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.Accepted, (await Post("Letter", "key-2")).StatusCode);
        Assert.Equal(2L, await h.ScalarAsync<long>("SELECT count(*) FROM jobs"));

        // Keys are per user: another user's key-1 is a new request.
        var other = await h.RegisterAsync();
        using var otherClient = h.ClientFor(other);
        using var otherRequest = new HttpRequestMessage(HttpMethod.Post, "/api/v1/export/pdf")
        {
            Content = JsonContent.Create(
                new
                {
                    documentId = await h.CreateResumeAsync(other),
                    templateId = "t",
                    pageSize = "A4",
                }
            ),
        };
        otherRequest.Headers.Add("Idempotency-Key", "key-1");
        var otherResponse = await otherClient.SendAsync(otherRequest);
        Assert.Equal(HttpStatusCode.Accepted, otherResponse.StatusCode);
        Assert.False(otherResponse.Headers.Contains("Idempotent-Replayed"));
        Assert.Equal(3L, await h.ScalarAsync<long>("SELECT count(*) FROM jobs"));
    }

    [Fact]
    public async Task A_batch_with_an_idempotency_key_is_created_once_and_its_answer_replayed_after_24_hours_it_is_new()
    {
        var time = FlowingTime.Start();
        await using var h = await ExportHarness.StartAsync(
            infra,
            time,
            new() { ["Export:MaxUnfinishedJobsPerUser"] = "10" }
        );
        var second = await h.CreateResumeAsync();
        async Task<HttpResponseMessage> Post()
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/export/batch")
            {
                Content = JsonContent.Create(
                    new
                    {
                        documentIds = new[] { h.DocumentId, second },
                        templateId = "t",
                        pageSize = "A4",
                    }
                ),
            };
            request.Headers.Add("Idempotency-Key", "batch-1");
            return await h.Client.SendAsync(request);
        }

        var first = await Post();
        Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);
        var again = await Post();
        Assert.Equal(await first.Content.ReadAsStringAsync(), await again.Content.ReadAsStringAsync());
        Assert.Equal(2L, await h.ScalarAsync<long>("SELECT count(*) FROM jobs"));

        time.Advance(TimeSpan.FromHours(24) + TimeSpan.FromMinutes(1));
        var later = await Post();
        Assert.Equal(HttpStatusCode.Accepted, later.StatusCode);
        Assert.NotEqual(await first.Content.ReadAsStringAsync(), await later.Content.ReadAsStringAsync());
        Assert.Equal(4L, await h.ScalarAsync<long>("SELECT count(*) FROM jobs"));
    }
}
