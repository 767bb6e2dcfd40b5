using Microsoft.Extensions.Time.Testing;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using ResumePair.Contracts.Exports;
using ResumePair.ExportOrchestrator.Tests.Support;
using ResumePair.Testing;

namespace ResumePair.ExportOrchestrator.Tests.Exports;

/// <summary>
/// The whole slice through real PostgreSQL and RabbitMQ: request → outbox → a renderer (a handler on the bus,
/// standing in for pdf-renderer) → upload → PdfRendered → completed → download link → file.
/// </summary>
[Collection("infrastructure")]
public sealed class ExportFlowTests(InfrastructureFixture infra)
{
    private static readonly byte[] Pdf = "%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"u8.ToArray();

    [Fact]
    public async Task An_export_runs_end_to_end_in_one_trace_and_its_download_link_is_signed_and_short_lived()
    {
        var time = FlowingTime.Start();
        await using var h = await ExportHarness.StartAsync(infra, time);
        var bus = h.Factory.Services.GetRequiredService<IBus>();
        using var uploader = h.Factory.CreateClient();
        var seen = new TaskCompletionSource<(
            RenderPdfRequested Request,
            ActivityTraceId TraceId,
            HttpStatusCode Upload
        )>(TaskCreationOptions.RunContinuationsAsynchronously);

        var renderer = bus.ConnectReceiveEndpoint($"test-renderer-{Guid.NewGuid():N}", e =>
        {
            e.Handler<RenderPdfRequested>(async ctx =>
            {
                var request = ctx.Message;
                await ctx.Publish(
                    new RenderProgressed
                    {
                        JobId = request.JobId,
                        Attempt = request.Attempt,
                        Percentage = 40,
                        Message = "Printing",
                        WorkerId = "test-renderer",
                    }
                );
                var upload = await uploader.PutAsync(
                    new Uri(request.UploadUrl).PathAndQuery,
                    new ByteArrayContent(Pdf)
                );
                await ctx.Publish(
                    new PdfRendered
                    {
                        JobId = request.JobId,
                        Attempt = request.Attempt,
                        SizeBytes = Pdf.Length,
                        Pages = 1,
                        Sha256 = Convert.ToHexStringLower(SHA256.HashData(Pdf)),
                        RenderMilliseconds = 12,
                        WorkerId = "test-renderer",
                    }
                );
                seen.TrySetResult((request, Activity.Current?.TraceId ?? default, upload.StatusCode));
            });
        });
        await renderer.Ready;
        try
        {
            var traceId = ActivityTraceId.CreateRandom();
            using var post = new HttpRequestMessage(HttpMethod.Post, "/api/v1/export/pdf")
            {
                Content = JsonContent.Create(
                    new
                    {
                        documentId = h.DocumentId,
                        templateId = "ats-single-column",
                        pageSize = "A4",
                    }
                ),
            };
            post.Headers.Add("traceparent", $"00-{traceId}-{ActivitySpanId.CreateRandom()}-01");
            var requested = time.GetUtcNow();
            var accepted = await h.Client.SendAsync(post);
            Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);

            var (request, rendererTrace, uploadStatus) = await seen.Task.WaitAsync(TimeSpan.FromSeconds(30));
            Assert.Equal(HttpStatusCode.NoContent, uploadStatus);
            Assert.Equal(traceId, rendererTrace); // the request's trace went through the outbox and the broker

            var job = await Eventually.UntilAsync(
                () => h.GetJobAsync(request.JobId),
                j => j.Status == "completed",
                "the job to complete"
            );
            Assert.Equal(
                (100, 1, $"/api/v1/export/download/{request.JobId}"),
                (job.Progress, job.Attempts, job.DownloadUrl)
            );
            // Seven days from its completion (the test's clock moves with real time between its jumps).
            Assert.InRange(job.ExpiresAt!.Value, requested.AddDays(7), time.GetUtcNow().AddDays(7));
            Assert.NotNull(job.StartedAt);

            var download = await h.Client.GetAsync(job.DownloadUrl);
            Assert.Equal(HttpStatusCode.Redirect, download.StatusCode);
            var location = download.Headers.Location!.OriginalString;
            Assert.StartsWith("/api/v1/export/files/", location);
            Assert.Equal(
                1,
                await h.ScalarAsync<int>("SELECT download_count FROM jobs WHERE id = @id", new { id = request.JobId })
            );

            // The file link needs no Authorization header: the signature is the authorization.
            using var browser = h.Factory.CreateClient();
            var file = await browser.GetAsync(location);
            Assert.Equal(HttpStatusCode.OK, file.StatusCode);
            Assert.Equal("application/pdf", file.Content.Headers.ContentType?.MediaType);
            Assert.Equal("attachment", file.Content.Headers.ContentDisposition?.DispositionType);
            Assert.Equal(
                "Jane Doe Resume.pdf",
                file.Content.Headers.ContentDisposition?.FileNameStar
                    ?? file.Content.Headers.ContentDisposition?.FileName?.Trim('"')
            );
            Assert.Equal(Pdf, await file.Content.ReadAsByteArrayAsync());

            var tampered = location[..^2] + (location[^2] == 'A' ? "B" : "A") + location[^1];
            Assert.Equal(HttpStatusCode.Forbidden, (await browser.GetAsync(tampered)).StatusCode);

            time.Advance(TimeSpan.FromMinutes(6));
            var expiredLink = await browser.GetAsync(location);
            Assert.Equal(HttpStatusCode.Gone, expiredLink.StatusCode);
            Assert.Equal("application/problem+json", expiredLink.Content.Headers.ContentType?.MediaType);

            time.Advance(TimeSpan.FromDays(7));
            Assert.Equal(HttpStatusCode.Gone, (await h.Client.GetAsync(job.DownloadUrl)).StatusCode);
            // The periodic maintenance removes the expired export's bytes.
            await Eventually.UntilAsync(
                () => h.ScalarAsync<long>("SELECT count(*) FROM export_files"),
                n => n == 0,
                "the expired file to be purged"
            );
        }
        finally
        {
            await renderer.StopAsync();
        }
    }

    [Fact]
    public async Task Uploads_need_a_valid_token_a_pdf_body_and_a_bounded_size()
    {
        var time = FlowingTime.Start();
        await using var h = await ExportHarness.StartAsync(infra, time, new() { ["Export:MaxFileBytes"] = "1024" });
        var jobId = await h.RequestExportAsync();
        var path = new Uri(Assert.Single(await h.RequestsInOutboxAsync(jobId)).UploadUrl).PathAndQuery;
        using var client = h.Factory.CreateClient();

        Assert.Equal(
            HttpStatusCode.Forbidden,
            (await client.PutAsync(path[..^3] + "xyz", new ByteArrayContent(Pdf))).StatusCode
        );
        Assert.Equal(
            HttpStatusCode.UnsupportedMediaType,
            (await client.PutAsync(path, new ByteArrayContent("<html>"u8.ToArray()))).StatusCode
        );
        var big = new byte[2048];
        Pdf.CopyTo(big, 0);
        Assert.Equal(
            HttpStatusCode.RequestEntityTooLarge,
            (await client.PutAsync(path, new ByteArrayContent(big))).StatusCode
        );
        using (var corrupted = new HttpRequestMessage(HttpMethod.Put, path) { Content = new ByteArrayContent(Pdf) })
        {
            corrupted.Headers.TryAddWithoutValidation(
                "Repr-Digest",
                $"sha-256=:{Convert.ToBase64String(SHA256.HashData("other"u8.ToArray()))}:"
            );
            Assert.Equal(HttpStatusCode.BadRequest, (await client.SendAsync(corrupted)).StatusCode);
        }
        using (var intact = new HttpRequestMessage(HttpMethod.Put, path) { Content = new ByteArrayContent(Pdf) })
        {
            intact.Headers.TryAddWithoutValidation(
                "Repr-Digest",
                $"sha-256=:{Convert.ToBase64String(SHA256.HashData(Pdf))}:"
            );
            Assert.Equal(HttpStatusCode.NoContent, (await client.SendAsync(intact)).StatusCode);
        }
        // PUT is idempotent
        Assert.Equal(HttpStatusCode.NoContent, (await client.PutAsync(path, new ByteArrayContent(Pdf))).StatusCode);
        Assert.Equal(1L, await h.ScalarAsync<long>("SELECT count(*) FROM export_files"));

        time.Advance(TimeSpan.FromMinutes(15));
        Assert.Equal(HttpStatusCode.Gone, (await client.PutAsync(path, new ByteArrayContent(Pdf))).StatusCode);
    }
}
