using System.Security.Claims;
using System.Security.Cryptography;
using System.Text.Json;
using Dapper;
using Microsoft.Extensions.Options;
using Npgsql;
using ResumePair.ExportOrchestrator.Files;
using ResumePair.ExportOrchestrator.Jobs;
using ResumePair.ExportOrchestrator.Jobs.Handlers;
using ResumePair.ServiceDefaults.Auth;

namespace ResumePair.ExportOrchestrator.Apis;

/// <summary>
/// POST /api/v1/imports: a PDF or DOCX resume becomes an import_resume job (202 {jobId, status}); progress and the
/// new resume's id come through GET /api/v1/export/job/{id} and its /events like any other job.
/// </summary>
public static class ImportApi
{
    public const long MaxFileBytes = 5 * 1024 * 1024;

    public static IEndpointRouteBuilder MapImportApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/v1/imports", ImportAsync).RequireAuthorization().WithTags("Imports")
            .WithSummary("Imports a PDF or DOCX resume as a background job (multipart/form-data, field \"file\", at most 5 MB).");
        return app;
    }

    public static async Task<IResult> ImportAsync(HttpContext http, NpgsqlDataSource db, JobDispatcher dispatcher, IOptions<ExportOptions> options,
        TimeProvider time, CancellationToken ct)
    {
        var idempotencyKey = http.Request.Headers["Idempotency-Key"].ToString();
        if (idempotencyKey.Length > 200) return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["Idempotency-Key"] = ["At most 200 characters."] });
        var (upload, problem) = await ResumeUploadReader.ReadAsync(http.Request, MaxFileBytes, ct);
        if (upload is null) return problem!;

        var o = options.Value;
        var userId = http.User.UserId();
        // "The same request" is the same file under the same name: a retried multipart body has a new boundary,
        // so its raw bytes (what the shared Idempotency filter hashes) would differ.
        var requestHash = IdempotentRequests.Hash(new { sha256 = Convert.ToHexStringLower(SHA256.HashData(upload.Content)), upload.FileName });
        var now = time.GetUtcNow();
        var jobId = Guid.CreateVersion7(now);

        await using var c = await db.OpenConnectionAsync(ct);
        await using var tx = await c.BeginTransactionAsync(ct);
        var unfinished = await JobStore.LockUserAndCountUnfinishedAsync(c, tx, userId, ct);
        // Under the user's lock: a concurrent request with the same key has either committed its job or not started.
        if (idempotencyKey.Length > 0 && await IdempotentRequests.FindAsync(c, tx, userId, idempotencyKey, now, ct) is { } earlier)
        {
            if (earlier.RequestHash != requestHash)
                return TypedResults.Problem(statusCode: 422, title: "Idempotency key reused",
                    detail: "This Idempotency-Key was used for a different request in the last 24 hours.");
            http.Response.Headers["Idempotent-Replayed"] = "true";
            return Accepted(earlier.JobId);
        }
        if (unfinished >= o.MaxUnfinishedJobsPerUser)
            return TooMany(http, o.RetryAfterSeconds, "Too many jobs in progress", $"At most {o.MaxUnfinishedJobsPerUser} jobs may be pending or processing at once.");
        var lastHour = await c.ExecuteScalarAsync<int>(new CommandDefinition(
            "SELECT count(*)::int FROM jobs WHERE created_by = @userId AND created_at > @since",
            new { userId, since = now - TimeSpan.FromHours(1) }, tx, cancellationToken: ct));
        if (lastHour >= o.MaxJobsPerUserPerHour)
            return TooMany(http, 3600 / 4, "Hourly job limit reached", $"At most {o.MaxJobsPerUserPerHour} jobs may be created per hour.");

        var payload = JsonSerializer.Serialize(new ImportResumePayload(upload.FileName, upload.Format, http.User.FindFirstValue("plan")), JsonSerializerOptions.Web);
        await JobStore.InsertGenericAsync(c, tx, jobId, ImportResumeHandler.JobType, payload, userId, o.MaxAttempts, now, ct, title: upload.FileName);
        await ImportUploads.InsertAsync(c, tx, jobId, upload.FileName, upload.Format, upload.Content, now, ct);
        await dispatcher.DispatchInProcessAsync(c, tx, jobId, ImportResumeHandler.JobType, 1, ct);
        await JobStore.LogAsync(c, tx, jobId, 1, "info", $"Accepted: import of {upload.Format} \"{upload.FileName}\" ({upload.Content.Length} bytes)", now, ct);
        if (idempotencyKey.Length > 0) await IdempotentRequests.AttachAsync(c, tx, jobId, userId, idempotencyKey, requestHash, now, ct);
        await tx.CommitAsync(ct);
        return Accepted(jobId);
    }

    // A replay answers what the first request answered: the job, accepted as pending.
    private static IResult Accepted(Guid jobId) => TypedResults.Accepted($"/api/v1/export/job/{jobId}", new ExportAccepted(jobId, JobStatus.Pending));

    private static IResult TooMany(HttpContext http, int retryAfterSeconds, string title, string detail)
    {
        http.Response.Headers.RetryAfter = retryAfterSeconds.ToString();
        return TypedResults.Problem(statusCode: 429, title: title, detail: detail);
    }
}
