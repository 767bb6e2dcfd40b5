using Npgsql;
using ResumePair.ExportOrchestrator.Jobs;
using ResumePair.ServiceDefaults.Auth;
using ResumePair.ServiceDefaults.Localization;

namespace ResumePair.ExportOrchestrator.Apis;

/// <summary>/api/v1/jobs: operators (role=admin) see and steer every user's jobs. The gateway checks the role
/// too.</summary>
public static class JobsAdminApi
{
    public const string AdminPolicy = "admin";
    private static readonly string[] Statuses =
    [
        "pending",
        "processing",
        "completed",
        "failed",
        "cancelled",
        "dead_letter",
    ];

    public static IEndpointRouteBuilder MapJobsAdminApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1/jobs").WithTags("Jobs").RequireAuthorization(AdminPolicy);
        api.MapGet("/", List);
        api.MapGet("/stats", Stats);
        api.MapGet("/{id:guid}", Get);
        api.MapPost("/{id:guid}/retry", (Guid id, HttpContext http, JobCommands commands, NpgsqlDataSource db,
            ServerTexts texts, CancellationToken ct) => ApiResults.OfCommand(
                commands.RetryAsync(id, null, $"admin {http.User.UserId()}", ct), id, db, ApiResults.RetryConflict,
                texts, ct));
        api.MapPost("/{id:guid}/cancel", (Guid id, HttpContext http, JobCommands commands, NpgsqlDataSource db,
            ServerTexts texts, CancellationToken ct) => ApiResults.OfCommand(
                commands.CancelAsync(id, null, $"admin {http.User.UserId()}", ct), id, db, ApiResults.CancelConflict,
                texts, ct));
        return app;
    }

    public static async Task<IResult> List(
        NpgsqlDataSource db,
        JobTraces traces,
        CancellationToken ct,
        string? status = null,
        string? type = null,
        int? page = null,
        int? limit = null
    )
    {
        var errors = new Dictionary<string, string[]>();
        if (status is not null && !Statuses.Contains(status))
            errors["status"] = [$"status must be one of {string.Join(", ", Statuses)}."];
        if (page is < 1) errors["page"] = ["page starts at 1."];
        if (limit is < 1 or > 200) errors["limit"] = ["limit must be between 1 and 200."];
        if (errors.Count > 0) return TypedResults.ValidationProblem(errors);
        var size = limit ?? 50;
        var (jobs, total) = await JobStore.ListAsync(db, status, type, size, ((page ?? 1) - 1) * size, ct);
        return TypedResults.Ok(
            new AdminJobPage(jobs.Select(j => AdminView(j, traces)).ToList(), page ?? 1, size, total)
        );
    }

    public static async Task<IResult> Get(Guid id, NpgsqlDataSource db, JobTraces traces, CancellationToken ct)
    {
        var job = await JobStore.GetAsync(db, id, ct);
        if (job is null) return ApiResults.NotFound("Job not found.");
        var logs = await JobStore.LogsAsync(db, id, ct);
        // Attempt history, reconstructed from the log: when each attempt was first and last heard of, and how it ended.
        var attempts = logs.GroupBy(l => l.Attempt)
            .OrderBy(g => g.Key)
            .Select(g => new AttemptView(
                g.Key,
                g.First().At,
                g.Last().At,
                g.Last().Level == "error" || g.Last().Level == "warn" ? g.Last().Message : null,
                g.Key == job.Attempts ? job.Status : "failed"
            ))
            .ToList();
        return TypedResults.Ok(
            new AdminJobDetail(AdminView(job, traces), job.BatchId, job.DispatchedAttempt, logs, attempts)
        );
    }

    public static async Task<IResult> Stats(NpgsqlDataSource db, TimeProvider time, CancellationToken ct) =>
        TypedResults.Ok(await JobStore.ReadStatsAsync(db, time.GetUtcNow(), ct));

    internal static AdminJobView AdminView(Job job, JobTraces traces) =>
        new(
            JobViews.ToView(job),
            job.Type,
            job.CreatedBy,
            job.DocumentId,
            job.DocumentVersion,
            job.TemplateId,
            job.PageSize,
            job.WorkerId,
            job.HeartbeatAt is { } h ? new DateTimeOffset(DateTime.SpecifyKind(h, DateTimeKind.Utc)) : null,
            job.TraceId,
            traces.Url(job.TraceId)
        );
}

/// <param name="TraceId">The W3C trace id of the request that created the job.</param>
/// <param name="TraceUrl">That trace in the Aspire dashboard; null when none runs.</param>
public sealed record AdminJobView(
    JobView Job,
    string Type,
    Guid CreatedBy,
    Guid DocumentId,
    long DocumentVersion,
    string TemplateId,
    string? PageSize,
    string? WorkerId,
    DateTimeOffset? HeartbeatAt,
    string? TraceId,
    string? TraceUrl
);

public sealed record AdminJobPage(IReadOnlyList<AdminJobView> Items, int Page, int Limit, long Total);

public sealed record AttemptView(
    int Attempt,
    DateTime FirstSeenAt,
    DateTime LastSeenAt,
    string? LastProblem,
    string Outcome
);

public sealed record AdminJobDetail(
    AdminJobView Job,
    Guid? BatchId,
    int DispatchedAttempt,
    IReadOnlyList<JobLogLine> Logs,
    IReadOnlyList<AttemptView> Attempts
);
