using Dapper;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Npgsql;
using ResumePair.ExportOrchestrator.Documents;
using ResumePair.ExportOrchestrator.Files;
using ResumePair.ExportOrchestrator.Jobs;
using ResumePair.ServiceDefaults.Auth;

namespace ResumePair.ExportOrchestrator.Apis;

/// <summary>/api/v1/export: the user's exports. Every lookup is scoped to the caller: another user's job is 404.</summary>
public static class ExportApi
{
    public static IEndpointRouteBuilder MapExportApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1/export").WithTags("Exports");
        var user = api.MapGroup("").RequireAuthorization();
        user.MapPost("/pdf", RequestPdf);
        user.MapGet("/job/{id:guid}", GetJob);
        user.MapGet("/download/{id:guid}", Download);
        // The signature is the authorization: a browser follows the 302 without an Authorization header.
        api.MapGet("/files/{token}", ExportFiles.Serve).AllowAnonymous();
        return app;
    }

    private static readonly string[] PageSizes = ["A4", "Letter"];

    public static async Task<IResult> RequestPdf(ExportPdfRequest request, HttpContext http, DocumentsClient documents, NpgsqlDataSource db,
        JobDispatcher dispatcher, IOptions<ExportOptions> options, TimeProvider time, ILoggerFactory loggers, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        if (request.DocumentId == Guid.Empty) errors["documentId"] = ["documentId is required."];
        if (string.IsNullOrWhiteSpace(request.TemplateId)) errors["templateId"] = ["templateId is required."];
        else if (request.TemplateId.Length > 100) errors["templateId"] = ["templateId is at most 100 characters."];
        if (request.PageSize is null || !PageSizes.Contains(request.PageSize)) errors["pageSize"] = ["pageSize must be \"A4\" or \"Letter\"."];
        if (errors.Count > 0) return TypedResults.ValidationProblem(errors);

        var userId = http.User.UserId();
        var idempotencyKey = http.Request.Headers["Idempotency-Key"].ToString();
        if (idempotencyKey.Length > 200) return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["Idempotency-Key"] = ["At most 200 characters."] });
        var requestHash = IdempotentRequests.Hash(request);
        if (idempotencyKey.Length > 0)
        {
            // Fast path for a replay: no call to the documents service.
            await using var c = await db.OpenConnectionAsync(ct);
            if (await IdempotentRequests.FindAsync(c, null, userId, idempotencyKey, time.GetUtcNow(), ct) is { } earlier)
                return Replay(earlier, requestHash);
        }

        var (outcome, document) = await documents.GetAsync(request.DocumentId, http.Request.Headers.Authorization, ct);
        if (outcome == DocumentLookup.Unauthorized)
            return TypedResults.Problem(statusCode: 401, title: "Unauthorized", detail: "The session is no longer valid.");
        if (document is null) return NotFound("Document not found.");

        var jobId = Guid.CreateVersion7(time.GetUtcNow());
        var payload = new JobPayload(document, request.TemplateId!, request.PageSize!);
        await using (var c = await db.OpenConnectionAsync(ct))
        await using (var tx = await c.BeginTransactionAsync(ct))
        {
            var unfinished = await JobStore.LockUserAndCountUnfinishedAsync(c, tx, userId, ct);
            // Under the user's lock: a concurrent request with the same key has either committed its job or not started.
            if (idempotencyKey.Length > 0 && await IdempotentRequests.FindAsync(c, tx, userId, idempotencyKey, time.GetUtcNow(), ct) is { } earlier)
                return Replay(earlier, requestHash);
            if (unfinished >= options.Value.MaxUnfinishedJobsPerUser)
            {
                http.Response.Headers.RetryAfter = options.Value.RetryAfterSeconds.ToString();
                return TypedResults.Problem(statusCode: 429, title: "Too many exports in progress",
                    detail: $"At most {options.Value.MaxUnfinishedJobsPerUser} exports may be pending or processing at once.");
            }
            await JobStore.InsertAsync(c, tx, jobId, userId, payload, options.Value.MaxAttempts, time.GetUtcNow(), ct);
            if (idempotencyKey.Length > 0)
                await IdempotentRequests.AttachAsync(c, tx, jobId, userId, idempotencyKey, requestHash, time.GetUtcNow(), ct);
            await dispatcher.DispatchAsync(c, tx, jobId, userId, attempt: 1, payload, ct);
            await JobStore.LogAsync(c, tx, jobId, 1, "info", $"Accepted: document {document.Id} v{document.Version}, template {payload.TemplateId}, {payload.PageSize}", time.GetUtcNow(), ct);
            await tx.CommitAsync(ct);
        }
        loggers.CreateLogger(typeof(ExportApi)).LogInformation("Job {JobId} accepted", jobId);
        return TypedResults.Accepted($"/api/v1/export/job/{jobId}", new ExportAccepted(jobId, JobStatus.Pending));
    }

    /// <summary>The first response again (202 with the same job), or 422 when the key is reused for another request.</summary>
    private static IResult Replay((Guid JobId, string? RequestHash) earlier, string requestHash) =>
        earlier.RequestHash == requestHash
            ? TypedResults.Accepted($"/api/v1/export/job/{earlier.JobId}", new ExportAccepted(earlier.JobId, JobStatus.Pending))
            : TypedResults.Problem(statusCode: 422, title: "Idempotency key reused",
                detail: "This Idempotency-Key was used for a different request in the last 24 hours.");

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
        job.Status == JobStatus.Completed ? $"/api/v1/export/download/{job.Id}" : null);

    private static DateTimeOffset Utc(DateTime value) => new(DateTime.SpecifyKind(value, DateTimeKind.Utc));
    private static DateTimeOffset? UtcOrNull(DateTime? value) => value is { } v ? Utc(v) : null;

    internal static ProblemHttpResult NotFound(string detail) => TypedResults.Problem(statusCode: 404, title: "Not found", detail: detail);
}
