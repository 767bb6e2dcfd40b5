using Microsoft.Extensions.Options;
using Npgsql;
using ResumePair.ExportOrchestrator.Exports;
using ResumePair.ExportOrchestrator.Jobs;
using ResumePair.ServiceDefaults.Auth;
using ResumePair.ServiceDefaults.Localization;

namespace ResumePair.ExportOrchestrator.Apis;

/// <summary>
/// /api/v1/export: the user's jobs (read, cancel, retry) and downloads. Every lookup is scoped to the caller: another
/// user's job is 404. Requests, history and events map their own routes under the same prefix.
/// </summary>
public static class ExportApi
{
    public const string Prefix = "/api/v1/export";

    public static IEndpointRouteBuilder MapExportApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup(Prefix).WithTags("Exports");
        var user = api.MapGroup("").RequireAuthorization();
        user.MapGet("/job/{id:guid}", GetJob).WithContentLanguage();
        user.MapDelete("/job/{id:guid}", Cancel);
        user.MapPost("/retry/{id:guid}", Retry);
        user.MapGet("/download/{id:guid}", Download);
        // The signature is the authorization: a browser follows the 302 without an Authorization header.
        api.MapGet("/files/{token}", ExportFiles.Serve).AllowAnonymous();
        return app;
    }

    /// <summary>DELETE /job/{id}: cancels a pending or processing job; 409 once it has finished.</summary>
    public static Task<IResult> Cancel(Guid id, HttpContext http, JobCommands commands, NpgsqlDataSource db,
        ServerTexts texts, CancellationToken ct) =>
        ApiResults.OfCommand(commands.CancelAsync(id, http.User.UserId(), "user", ct), id, db,
            ApiResults.CancelConflict, texts, ct);

    /// <summary>POST /retry/{id}: a failed or dead-lettered job gets a new attempt; 409 otherwise.</summary>
    public static async Task<IResult> Retry(Guid id, HttpContext http, JobCommands commands, NpgsqlDataSource db,
        ServerTexts texts, CancellationToken ct)
    {
        var result = await ApiResults.OfCommand(commands.RetryAsync(id, http.User.UserId(), "user", ct), id, db,
            ApiResults.RetryConflict, texts, ct);
        return result is Microsoft.AspNetCore.Http.HttpResults.Ok<JobView> ok
            ? TypedResults.Accepted($"{Prefix}/job/{id}", ok.Value) : result;
    }

    public static async Task<IResult> GetJob(Guid id, HttpContext http, NpgsqlDataSource db, ServerTexts texts,
        CancellationToken ct)
    {
        var job = await JobStore.GetForUserAsync(db, id, http.User.UserId(), ct);
        return job is null ? ApiResults.NotFound("Job not found.") : TypedResults.Ok(JobViews.ToView(job, texts));
    }

    public static async Task<IResult> Download(Guid id, HttpContext http, NpgsqlDataSource db, FileTokens tokens,
        IOptions<ExportOptions> options, TimeProvider time, CancellationToken ct)
    {
        var job = await JobStore.GetForUserAsync(db, id, http.User.UserId(), ct);
        if (job is null || job.Status != JobStatus.Completed)
            return ApiResults.NotFound("No completed export with this id.");
        var now = time.GetUtcNow();
        if (job.ExpiresAt is { } expires && expires <= now.UtcDateTime)
            return TypedResults.Problem(statusCode: 410, title: "Export expired",
                detail: "This export has expired; export the document again.");

        await JobStore.CountDownloadAsync(db, id, ct);
        var token = await tokens.CreateAsync(
            new FileToken(TokenPurpose.Download, job.Id, job.Attempts, now + options.Value.DownloadLinkLifetime), ct);
        http.Response.Headers.CacheControl = "no-store";
        return TypedResults.Redirect($"{Prefix}/files/{token}");
    }
}
