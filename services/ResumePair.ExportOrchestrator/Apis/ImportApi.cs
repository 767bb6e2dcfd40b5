using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Options;
using Npgsql;
using ResumePair.ExportOrchestrator.Exports;
using ResumePair.ExportOrchestrator.Jobs;
using ResumePair.ExportOrchestrator.Jobs.Engine;
using ResumePair.ExportOrchestrator.Imports;
using ResumePair.ServiceDefaults.Auth;
using ResumePair.Web.Idempotency;

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
        app.MapPost("/api/v1/imports", ImportAsync)
            .RequireAuthorization()
            .WithTags("Imports")
            .WithSummary(
                "Imports a PDF or DOCX resume, or LinkedIn's data export ZIP, "
                    + "as a background job (multipart/form-data, field \"file\", at most 5 MB)."
            );
        return app;
    }

    public static async Task<IResult> ImportAsync(
        HttpContext http,
        NpgsqlDataSource db,
        IdempotencyStore idempotency,
        JobEnqueuer enqueuer,
        IOptions<ExportOptions> options,
        TimeProvider time,
        CancellationToken ct
    )
    {
        var idempotencyKey = http.Request.Headers[IdempotencyFilter.Header].ToString();
        if (idempotencyKey.Length > IdempotencyFilter.MaxKeyLength)
            return TypedResults.ValidationProblem(
                new Dictionary<string, string[]>
                {
                    [IdempotencyFilter.Header] = [$"At most {IdempotencyFilter.MaxKeyLength} characters."],
                }
            );
        var (upload, problem) = await ResumeUploadReader.ReadAsync(http.Request, MaxFileBytes, ct);
        if (upload is null) return problem!;

        var o = options.Value;
        var userId = http.User.UserId();
        // The shared Idempotency-Key store, but not its filter: "the same request" is the same file under the same
        // name (a retried multipart body has a new boundary, so its raw bytes differ), and uploads exceed the
        // filter's 1 MiB body buffer.
        await using var claim =
            idempotencyKey.Length == 0
                ? null
                : await idempotency.ClaimAsync(userId, idempotencyKey, Fingerprint(upload), ct);
        if (claim?.Previous is { } previous)
        {
            if (!claim.IsSameRequest)
                return TypedResults.Problem(statusCode: 422, title: "Idempotency key reused",
                    detail: "This Idempotency-Key was already used with a different request.");
            http.Response.Headers["Idempotent-Replayed"] = "true";
            // Only a 202 is ever stored for this route: answer it again.
            return Accepted(
                JsonSerializer.Deserialize<ExportAccepted>(previous.Body, JsonSerializerOptions.Web)!.JobId
            );
        }

        var now = time.GetUtcNow();
        var jobId = Guid.CreateVersion7(now);
        // With a key, the job is written in the key's transaction: the job and the stored answer commit together.
        await using var own = claim is null ? await db.OpenConnectionAsync(ct) : null;
        var c = claim?.Transaction!.Connection ?? own!;
        await using var ownTx = claim is null ? await c.BeginTransactionAsync(ct) : null;
        var tx = claim?.Transaction ?? ownTx!;
        var unfinished = await JobStore.LockUserAndCountUnfinishedAsync(c, tx, userId, ct);
        if (unfinished >= o.MaxUnfinishedJobsPerUser)
            return ApiResults.TooMany(
                http,
                o.RetryAfterSeconds,
                "Too many jobs in progress",
                $"At most {o.MaxUnfinishedJobsPerUser} jobs may be pending or processing at once."
            );
        var lastHour = await JobStore.CountCreatedSinceAsync(c, tx, userId, now - TimeSpan.FromHours(1), ct);
        if (lastHour >= o.MaxJobsPerUserPerHour)
            return ApiResults.TooMany(
                http,
                3600 / 4,
                "Hourly job limit reached",
                $"At most {o.MaxJobsPerUserPerHour} jobs may be created per hour."
            );

        var payload = JsonSerializer.Serialize(
            new ImportResumePayload(upload.FileName, upload.Format, http.User.FindFirstValue("plan")),
            JsonSerializerOptions.Web
        );
        await enqueuer.EnqueueAsync(
            c,
            tx,
            jobId,
            new NewJobRow(ImportResumeHandler.JobType, payload, userId) { Title = upload.FileName },
            ct
        );
        await ImportUploads.InsertAsync(c, tx, jobId, upload.FileName, upload.Format, upload.Content, now, ct);
        await JobStore.LogAsync(
            c,
            tx,
            jobId,
            1,
            "info",
            $"Accepted: import of {upload.Format} \"{upload.FileName}\" ({upload.Content.Length} bytes)",
            now,
            ct
        );
        var accepted = new ExportAccepted(jobId, JobStatus.Pending);
        if (claim is null) await tx.CommitAsync(ct);
        else
        {
            var location = $"/api/v1/export/job/{jobId}";
            await claim.CompleteAsync(
                StatusCodes.Status202Accepted,
                JsonSerializer.Serialize(
                    new Dictionary<string, string> { ["Location"] = location, ["Content-Type"] = "application/json" }
                ),
                JsonSerializer.SerializeToUtf8Bytes(accepted, JsonSerializerOptions.Web),
                ct
            );
        }
        return Accepted(jobId);
    }

    private static byte[] Fingerprint(ResumeUpload upload) =>
        SHA256.HashData([
            .. Encoding.UTF8.GetBytes($"POST /api/v1/imports\n{upload.FileName}\n"),
            .. SHA256.HashData(upload.Content),
        ]);

    // A replay answers what the first request answered: the job, accepted as pending.
    private static IResult Accepted(Guid jobId) =>
        TypedResults.Accepted($"/api/v1/export/job/{jobId}", new ExportAccepted(jobId, JobStatus.Pending));
}
