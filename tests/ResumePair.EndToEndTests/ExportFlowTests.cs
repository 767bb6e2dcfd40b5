using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;
using ResumePair.EndToEndTests.Topology;
using ResumePair.Testing.Topology;
using Xunit;

namespace ResumePair.EndToEndTests;

/// <summary>
/// The product's first promise end to end: a user registers, saves a resume, asks for a PDF, and downloads
/// a real PDF — gateway → documents → orchestrator (job row + outbox in Postgres) → RabbitMQ → renderer
/// (Chromium) → storage → orchestrator → signed download.
/// </summary>
[Collection(TopologyCollection.Name)]
public sealed class ExportFlowTests(TopologyFixture fixture)
{
    public static readonly object Resume = new
    {
        profile = new
        {
            name = "Ada Lovelace",
            headline = "Analyst and first programmer",
            email = "ada@example.com",
            location = "London",
            links = new[] { new { label = "Notes", url = "https://example.com/notes" } },
            summary = "Mathematician who wrote the first algorithm intended for a machine.",
        },
        work = new[]
        {
            new
            {
                company = "Analytical Engine Project",
                position = "Principal Computing Engineer",
                startDate = "1842-01",
                endDate = "1843-09",
                highlights = new[]
                {
                    "Published the Bernoulli number program",
                    "Translated and annotated Menabrea's paper",
                },
            },
        },
        skills = new[]
        {
            new
            {
                name = "Mathematics",
                level = "expert",
                keywords = new[] { "analysis", "algorithms" },
            },
        },
    };

    [Fact]
    public async Task A_registered_user_exports_a_resume_and_downloads_a_real_pdf_traced_end_to_end()
    {
        using var client = fixture.CreateClient();
        await client.RegisterAsync();
        var created = await client.SendJsonAsync(HttpMethod.Post, "/api/v1/documents",
            new { type = "resume", title = "Ada Lovelace — Resume", data = Resume }, HttpStatusCode.Created);
        var documentId = created["id"]!.GetValue<Guid>();
        var templateId = (await client.SendJsonAsync(HttpMethod.Get, "/api/v1/templates", null, HttpStatusCode.OK))
            .AsArray()
            .Select(t => t!["id"]!.GetValue<string>())
            .First();

        // The client starts the trace, so one trace id must show up in every process that handled the export.
        var traceId = ActivityTraceId.CreateRandom().ToHexString();
        var accepted = await client.SendJsonAsync(HttpMethod.Post, "/api/v1/export/pdf",
            new { documentId, templateId, pageSize = "A4" }, HttpStatusCode.Accepted,
            r => r.Headers.Add("traceparent", $"00-{traceId}-{ActivitySpanId.CreateRandom().ToHexString()}-01"));
        var jobId = accepted["jobId"]!.GetValue<Guid>();

        var job = await WaitForTerminalStatusAsync(client, jobId, TimeSpan.FromSeconds(90));
        Assert.Equal("completed", job["status"]!.GetValue<string>());

        using var download = await client.SendAsync(HttpMethod.Get, $"/api/v1/export/download/{jobId}");
        Assert.Equal(HttpStatusCode.Found, download.StatusCode);
        var fileUrl = download.Headers.Location!;

        // The signed URL is what a browser follows: it needs no token.
        client.AccessToken = null;
        using var file = await client.SendAsync(HttpMethod.Get, fileUrl.ToString());
        Assert.Equal(HttpStatusCode.OK, file.StatusCode);
        Assert.Equal("application/pdf", file.Content.Headers.ContentType?.MediaType);
        var pdf = await file.Content.ReadAsByteArrayAsync();
        Assert.Equal("%PDF-"u8.ToArray(), pdf[..5]);

        var text = await PdfText.ExtractAsync(pdf);
        Assert.Contains("Ada Lovelace", text);
        Assert.Contains("Principal Computing Engineer", text);

        await AssertEventuallyAsync(() =>
        {
            var traced = fixture.Topology.Lines.Where(l => l.Contains($"TraceId:{traceId}")).ToList();
            // DCP names each instance "<resource>-<id>": LinesOf finds a resource's lines whatever the instance.
            foreach (var resource in new[] { "gateway", "export-orchestrator", "pdf-renderer" })
                Assert.True(fixture.Topology.LinesOf(resource).Any(l => l.Contains($"TraceId:{traceId}")),
                    $"No {resource} line carries trace {traceId}. Lines with the trace:\n{string.Join('\n', traced)}");
        });
    }

    [Fact]
    public async Task Another_user_cannot_see_or_download_my_export()
    {
        using var owner = fixture.CreateClient();
        await owner.RegisterAsync();
        var doc = await owner.SendJsonAsync(HttpMethod.Post, "/api/v1/documents",
            new { type = "resume", title = "Mine", data = Resume }, HttpStatusCode.Created);
        var job = await owner.SendJsonAsync(
            HttpMethod.Post,
            "/api/v1/export/pdf",
            new
            {
                documentId = doc["id"]!.GetValue<Guid>(),
                templateId = "ats-single-column",
                pageSize = "Letter",
            },
            HttpStatusCode.Accepted
        );
        var jobId = job["jobId"]!.GetValue<Guid>();

        using var stranger = fixture.CreateClient();
        await stranger.RegisterAsync();
        using var status = await stranger.SendAsync(HttpMethod.Get, $"/api/v1/export/job/{jobId}");
        using var download = await stranger.SendAsync(HttpMethod.Get, $"/api/v1/export/download/{jobId}");
        using var export = await stranger.SendAsync(HttpMethod.Post, "/api/v1/export/pdf",
            new { documentId = doc["id"]!.GetValue<Guid>(), templateId = "ats-single-column", pageSize = "A4" });

        Assert.Equal(HttpStatusCode.NotFound, status.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, download.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, export.StatusCode);
    }

    [Fact]
    public async Task Invalid_export_requests_are_problems_not_jobs()
    {
        using var client = fixture.CreateClient();
        await client.RegisterAsync();

        using var badSize = await client.SendAsync(HttpMethod.Post, "/api/v1/export/pdf",
            new { documentId = Guid.NewGuid(), templateId = "ats-single-column", pageSize = "A3" });
        using var missing = await client.SendAsync(HttpMethod.Post, "/api/v1/export/pdf",
            new { documentId = Guid.NewGuid(), templateId = "ats-single-column", pageSize = "A4" });

        Assert.Equal(HttpStatusCode.BadRequest, badSize.StatusCode);
        Assert.Equal("application/problem+json", badSize.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }

    public static async Task<JsonNode> WaitForTerminalStatusAsync(GatewayClient client, Guid jobId, TimeSpan timeout)
    {
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            var job = await client.SendJsonAsync(
                HttpMethod.Get,
                $"/api/v1/export/job/{jobId}",
                null,
                HttpStatusCode.OK
            );
            var status = job["status"]!.GetValue<string>();
            if (status is "completed" or "failed" or "cancelled" or "dead_letter") return job;
            if (deadline.Elapsed > timeout)
                throw new TimeoutException($"Job {jobId} still {status} after {timeout}: {job.ToJsonString()}");
            await Task.Delay(100);
        }
    }

    private static async Task AssertEventuallyAsync(Action assertion)
    {
        for (var attempt = 0; ; attempt++)
        {
            try { assertion(); return; }
            catch (Exception) when (attempt < 50) { await Task.Delay(100); }
        }
    }
}
