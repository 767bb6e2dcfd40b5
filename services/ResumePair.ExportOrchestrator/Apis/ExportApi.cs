using Dapper;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Npgsql;
using ResumePair.Documents.Client;
using ResumePair.ExportOrchestrator.Files;
using ResumePair.ExportOrchestrator.Jobs;
using ResumePair.ServiceDefaults.Auth;
using ResumePair.Web.Idempotency;
using ResumePair.Web.RateLimiting;

namespace ResumePair.ExportOrchestrator.Apis;

/// <summary>/api/v1/export: the user's exports. Every lookup is scoped to the caller: another user's job is 404.</summary>
public static class ExportApi
{
    public static IEndpointRouteBuilder MapExportApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1/export").WithTags("Exports");
        var user = api.MapGroup("").RequireAuthorization();
        user.MapPost("/pdf", ExportRequestsApi.RequestPdf).WithIdempotency().RequireUserRateLimit(ExportOptions.RequestRatePolicy);
        user.MapPost("/json", ExportRequestsApi.RequestJson).WithIdempotency().RequireUserRateLimit(ExportOptions.RequestRatePolicy);
        user.MapPost("/docx", Exports.Docx.DocxExportApi.RequestDocx).WithIdempotency().RequireUserRateLimit(ExportOptions.RequestRatePolicy)
            .WithSummary("Exports a resume or cover letter as an editable Word document (DOCX): a job like a PDF export.");
        user.MapPost("/batch", ExportRequestsApi.RequestBatch).WithIdempotency().RequireUserRateLimit(ExportOptions.RequestRatePolicy);
        user.MapGet("/batch/{batchId:guid}/zip", Exports.Batch.BatchZipApi.Zip)
            .WithSummary("Every file of one of your batches as one ZIP (409 while a job of it runs).");
        user.MapGet("/job/{id:guid}", GetJob);
        user.MapGet("/job/{id:guid}/events", JobEventsApi.Stream);
        user.MapDelete("/job/{id:guid}", Cancel);
        user.MapPost("/retry/{id:guid}", Retry);
        user.MapGet("/history", ExportHistoryApi.GetHistory);
        user.MapGet("/download/{id:guid}", Download);
        // The signature is the authorization: a browser follows the 302 without an Authorization header.
        api.MapGet("/files/{token}", ExportFiles.Serve).AllowAnonymous();
        return app;
    }

    /// <summary>DELETE /job/{id}: cancels a pending or processing job; 409 once it has finished.</summary>
    public static Task<IResult> Cancel(Guid id, HttpContext http, JobCommands commands, NpgsqlDataSource db, CancellationToken ct) =>
        JobsAdminApi.Command(commands.CancelAsync(id, http.User.UserId(), "user", ct), id, db, "Only pending or processing jobs can be cancelled.", ct);

    /// <summary>POST /retry/{id}: a failed or dead-lettered job gets a new attempt; 409 otherwise.</summary>
    public static async Task<IResult> Retry(Guid id, HttpContext http, JobCommands commands, NpgsqlDataSource db, CancellationToken ct)
    {
        var result = await JobsAdminApi.Command(commands.RetryAsync(id, http.User.UserId(), "user", ct), id, db,
            "Only failed or dead-lettered jobs can be retried.", ct);
        return result is Microsoft.AspNetCore.Http.HttpResults.Ok<JobView> ok
            ? TypedResults.Accepted($"/api/v1/export/job/{id}", ok.Value) : result;
    }

    public static async Task<IResult> GetJob(Guid id, HttpContext http, NpgsqlDataSource db, CancellationToken ct)
    {
        var job = await JobStore.GetForUserAsync(db, id, http.User.UserId(), ct);
        return job is null ? NotFound("Job not found.") : TypedResults.Ok(ToView(job));
    }

    public static async Task<IResult> Download(Guid id, HttpContext http, NpgsqlDataSource db, FileTokens tokens, IOptions<ExportOptions> options,
        TimeProvider time, CancellationToken ct)
    {
        var job = await JobStore.GetForUserAsync(db, id, http.User.UserId(), ct);
        if (job is null || job.Status != JobStatus.Completed) return NotFound("No completed export with this id.");
        var now = time.GetUtcNow();
        if (job.ExpiresAt is { } expires && expires <= now.UtcDateTime)
            return TypedResults.Problem(statusCode: 410, title: "Export expired", detail: "This export has expired; export the document again.");

        await using (var c = await db.OpenConnectionAsync(ct))
            await c.ExecuteAsync(new CommandDefinition("UPDATE jobs SET download_count = download_count + 1 WHERE id = @id", new { id }, cancellationToken: ct));
        var token = await tokens.CreateAsync(new FileToken(TokenPurpose.Download, job.Id, job.Attempts, now + options.Value.DownloadLinkLifetime), ct);
        http.Response.Headers.CacheControl = "no-store";
        return TypedResults.Redirect($"/api/v1/export/files/{token}");
    }

    internal static JobView ToView(Job job) => new(
        job.Id, job.Status, job.ProgressPercentage, job.ProgressMessage, job.Attempts, job.MaxAttempts, job.Error,
        Utc(job.CreatedAt), UtcOrNull(job.StartedAt), UtcOrNull(job.CompletedAt), UtcOrNull(job.ExpiresAt),
        job.Status == JobStatus.Completed && job.Type != Jobs.Handlers.ImportResumeHandler.JobType ? $"/api/v1/export/download/{job.Id}" : null,
        // An import produces a resume, not a file: its result ({documentId}) is what the editor opens.
        job.Type == Jobs.Handlers.ImportResumeHandler.JobType && job.Status == JobStatus.Completed && job.Result is { } result
            ? ParseResult(result) : null);

    private static System.Text.Json.JsonElement ParseResult(string json)
    {
        using var document = System.Text.Json.JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }

    private static DateTimeOffset Utc(DateTime value) => new(DateTime.SpecifyKind(value, DateTimeKind.Utc));
    private static DateTimeOffset? UtcOrNull(DateTime? value) => value is { } v ? Utc(v) : null;

    internal static ProblemHttpResult NotFound(string detail) => TypedResults.Problem(statusCode: 404, title: "Not found", detail: detail);
}
