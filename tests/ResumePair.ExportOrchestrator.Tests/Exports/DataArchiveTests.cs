using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Dapper;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using ResumePair.Contracts.Exports;
using ResumePair.ExportOrchestrator.Tests.Support;
using ResumePair.Testing;
using ResumePair.Testing.Imports;
using ResumePair.Testing.Services;

namespace ResumePair.ExportOrchestrator.Tests.Exports;

/// <summary>
/// "Download all my data" (documents' <c>GET /api/v1/auth/account/export</c>) with the user's exported files: the real
/// documents service asks the real export orchestrator over the signed internal route, both on their own ports, wired
/// as the AppHost wires them. The test plays the renderer (upload to the job's signed URL, then PdfRendered on the bus)
/// with a real PDF our templates printed.
/// </summary>
[Collection("infrastructure")]
public sealed class DataArchiveTests(InfrastructureFixture infra)
{
    private static readonly Dictionary<string, string> Fast = new()
    {
        ["Outbox:PollInterval"] = "00:00:00.100",
        ["Export:SchedulerInterval"] = "00:00:00.100",
        ["RateLimits:Policies:export-requests:PermitLimit"] = "1000",
    };

    [Fact]
    public async Task The_archive_holds_the_account_the_documents_and_every_exported_file_as_is_and_nothing_of_others()
    {
        var port = LocalPorts.Free();
        await using var documents = await RealDocumentsService.StartAsync(
            infra,
            settings: new Dictionary<string, string>
            {
                ["services:export-orchestrator:http:0"] = $"http://127.0.0.1:{port}",
            }
        );
        var amqp = await infra.CreateVirtualHostAsync("archive");
        await using var orchestrator = await RealExportOrchestrator.StartAsync(
            infra,
            documents,
            amqp,
            Fast,
            port: port
        );
        var user = await documents.RegisterAsync();
        var documentId = await documents.CreateResumeAsync(user, "Archived CV");
        using var exports = Client(orchestrator.Url, user);

        var pdf = await File.ReadAllBytesAsync(Path.Combine(ImportCorpus.TemplatesFolder, "template-academic-A4.pdf"));
        var pdfJob = await orchestrator.RequestPdfExportAsync(user, documentId);
        await RenderAsync(orchestrator, pdfJob, pdf);
        var docxJob = await AcceptedAsync(await exports.PostAsJsonAsync("/api/v1/export/docx", new { documentId }));
        await FinishedAsync(exports, docxJob);
        var docx = await exports.GetByteArrayAsync($"/api/v1/export/download/{docxJob}");
        // Someone else's export: never in this user's archive.
        var other = await documents.RegisterAsync();
        var otherJob = await orchestrator.RequestPdfExportAsync(other, await documents.CreateResumeAsync(other));
        await RenderAsync(orchestrator, otherJob, "%PDF-1.7 other"u8.ToArray());

        using var account = documents.Client(user.AccessToken);
        var response = await account.GetAsync("/api/v1/auth/account/export");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/zip", response.Content.Headers.ContentType?.MediaType);
        using var zip = new ZipArchive(new MemoryStream(await response.Content.ReadAsByteArrayAsync()));
        var files = zip.Entries.Where(e => e.FullName.StartsWith("exports/", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, files.Count);
        Assert.Equal(
            pdf,
            await BytesAsync(Assert.Single(files, e => e.FullName == "exports/Archived CV (ats-single-column, A4).pdf"))
        );
        Assert.Equal(docx, await BytesAsync(files.Single(e => e.Name.EndsWith(".docx", StringComparison.Ordinal))));
        // The rest of the archive, as before: the account, the document with its versions, no secrets.
        Assert.Contains("exports/", await TextAsync(zip.GetEntry("README.txt")!));
        var accountJson = JsonDocument.Parse(await TextAsync(zip.GetEntry("account.json")!)).RootElement;
        Assert.Equal(user.Email, accountJson.GetProperty("email").GetString());
        var document = JsonDocument.Parse(await TextAsync(zip.GetEntry($"documents/{documentId}.json")!)).RootElement;
        Assert.Equal("Archived CV", document.GetProperty("title").GetString());
        Assert.Equal(1, document.GetProperty("versions").GetArrayLength());
        foreach (var entry in zip.Entries.Where(e => e.FullName.EndsWith(".json", StringComparison.Ordinal)))
            // Identity password hashes start so
            Assert.DoesNotContain("AQAAAA", await TextAsync(entry), StringComparison.Ordinal);

        // The internal routes answer only signed callers.
        using var anonymous = new HttpClient { BaseAddress = new Uri(orchestrator.Url) };
        Assert.Equal(
            HttpStatusCode.Unauthorized,
            (await anonymous.GetAsync($"/internal/v1/users/{user.Id}/exports")).StatusCode
        );
        Assert.Equal(
            HttpStatusCode.Unauthorized,
            (await anonymous.GetAsync($"/internal/v1/users/{user.Id}/exports/{pdfJob}")).StatusCode
        );

        // Without the export service the archive would be incomplete: a 503 problem instead, not a ZIP missing files.
        await orchestrator.StopAsync();
        var down = await account.GetAsync("/api/v1/auth/account/export");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, down.StatusCode);
        Assert.Equal("application/problem+json", down.Content.Headers.ContentType?.MediaType);
    }

    private static HttpClient Client(string url, TestUser user)
    {
        var http = new HttpClient { BaseAddress = new Uri(url) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", user.AccessToken);
        return http;
    }

    private static async Task<Guid> AcceptedAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("jobId").GetGuid();
    }

    private static Task<JsonElement> FinishedAsync(HttpClient exports, Guid jobId) =>
        Eventually.UntilAsync(
            async () => await exports.GetFromJsonAsync<JsonElement>($"/api/v1/export/job/{jobId}"),
            j => j.GetProperty("status").GetString() == "completed",
            $"export {jobId} to complete",
            TimeSpan.FromSeconds(30)
        );

    /// <summary>What a renderer does with the job's dispatch: upload to its signed URL, then report PdfRendered on the
    /// bus.</summary>
    private static async Task RenderAsync(RealExportOrchestrator orchestrator, Guid jobId, byte[] pdf)
    {
        var request = await Eventually.UntilAsync(
            () => DispatchAsync(orchestrator, jobId),
            r => r is not null,
            "the render request"
        );
        using var uploader = new HttpClient { BaseAddress = new Uri(orchestrator.Url) };
        var put = await uploader.PutAsync(new Uri(request!.UploadUrl).PathAndQuery, new ByteArrayContent(pdf));
        Assert.Equal(HttpStatusCode.NoContent, put.StatusCode);
        await orchestrator
            .Services.GetRequiredService<IBus>()
            .Publish(
                new PdfRendered
                {
                    JobId = jobId,
                    Attempt = request.Attempt,
                    SizeBytes = pdf.Length,
                    Pages = 1,
                    Sha256 = "-",
                    RenderMilliseconds = 5,
                    WorkerId = "archive-test",
                }
            );
        await Eventually.UntilAsync(
            async () => await ScalarAsync<string>(orchestrator, "SELECT status FROM jobs WHERE id = @jobId", jobId),
            s => s == "completed",
            $"render {jobId} to complete"
        );
    }

    private static async Task<RenderPdfRequested?> DispatchAsync(RealExportOrchestrator orchestrator, Guid jobId)
    {
        var body = await ScalarAsync<string?>(
            orchestrator,
            "SELECT body::text FROM outbox_messages WHERE message_type = @type AND body->>'jobId' = @job "
                + "ORDER BY id DESC LIMIT 1",
            jobId,
            typeof(RenderPdfRequested).FullName
        );
        return body is null ? null : JsonSerializer.Deserialize<RenderPdfRequested>(body, JsonSerializerOptions.Web);
    }

    private static async Task<T> ScalarAsync<T>(
        RealExportOrchestrator orchestrator,
        string sql,
        Guid jobId,
        string? type = null
    )
    {
        await using var db = NpgsqlDataSource.Create(orchestrator.ConnectionString);
        await using var c = await db.OpenConnectionAsync();
        return (await c.ExecuteScalarAsync<T>(sql, new { jobId, job = jobId.ToString(), type }))!;
    }

    private static async Task<byte[]> BytesAsync(ZipArchiveEntry entry)
    {
        await using var stream = entry.Open();
        using var copy = new MemoryStream();
        await stream.CopyToAsync(copy);
        return copy.ToArray();
    }

    private static async Task<string> TextAsync(ZipArchiveEntry entry)
    {
        using var reader = new StreamReader(entry.Open());
        return await reader.ReadToEndAsync();
    }
}
