using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;
using ResumePair.ExportOrchestrator.Jobs;
using ResumePair.ServiceDefaults.Localization;

namespace ResumePair.ExportOrchestrator.Apis;

/// <summary>The answers several endpoint files share (RFC 9457 problems and command outcomes); no routes
/// here.</summary>
internal static class ApiResults
{
    public static ProblemHttpResult NotFound(string detail) =>
        TypedResults.Problem(statusCode: 404, title: "Not found", detail: detail);

    public static IResult TooMany(HttpContext http, int retryAfterSeconds, string title, string detail)
    {
        http.Response.Headers.RetryAfter = retryAfterSeconds.ToString();
        return TypedResults.Problem(statusCode: 429, title: title, detail: detail);
    }

    /// <summary>A cancel or retry's answer: 404, 409 with <paramref name="conflict"/>, or the job as it is
    /// now.</summary>
    public static async Task<IResult> OfCommand(Task<(CommandOutcome Outcome, Job? Job)> command, Guid id,
        NpgsqlDataSource db, string conflict, ServerTexts texts, CancellationToken ct)
    {
        var (outcome, job) = await command;
        return outcome switch
        {
            CommandOutcome.NotFound => NotFound("Job not found."),
            CommandOutcome.Conflict => TypedResults.Problem(
                statusCode: 409,
                title: "Job is " + job!.Status,
                detail: conflict
            ),
            _ => TypedResults.Ok(JobViews.ToView((await JobStore.GetAsync(db, id, ct))!, texts)),
        };
    }

    public const string CancelConflict = "Only pending or processing jobs can be cancelled.";
    public const string RetryConflict = "Only failed or dead-lettered jobs can be retried.";
}
