using Npgsql;
using ResumePair.ExportOrchestrator.Jobs;
using ResumePair.Web.Internal;

namespace ResumePair.ExportOrchestrator.Apis;

/// <summary>
/// /internal/v1/operator: what the AppHost's resource commands run from the Aspire dashboard. Signed with the run's
/// Internal:Key like every internal call; the gateway never routes /internal.
/// </summary>
public static class OperatorApi
{
    private const int MaxRetriedAtOnce = 1000;

    public static IEndpointRouteBuilder MapOperatorApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/internal/v1/operator").RequireInternalAuth().ExcludeFromDescription();
        api.MapPost("/retry-dead-lettered", RetryDeadLetteredAsync);
        api.MapPost("/maintenance", RunMaintenanceAsync);
        return app;
    }

    /// <summary>Every dead-lettered job gets one more attempt (oldest first, at most 1000 per call).</summary>
    private static async Task<IResult> RetryDeadLetteredAsync(
        JobCommands commands,
        NpgsqlDataSource db,
        CancellationToken ct
    )
    {
        var ids = await JobStore.DeadLetteredAsync(db, MaxRetriedAtOnce, ct);
        var retried = 0;
        foreach (var id in ids)
        {
            var (outcome, _) = await commands.RetryAsync(id, null, "operator (Aspire dashboard)", ct);
            if (outcome == CommandOutcome.Done) retried++;
        }
        return TypedResults.Ok(new RetryReport(ids.Count, retried));
    }

    /// <summary>The maintenance pass now; skipped when another replica is running it.</summary>
    private static async Task<IResult> RunMaintenanceAsync(JobMaintenance maintenance, CancellationToken ct) =>
        await maintenance.RunOnceAsync(ct) is { } report
            ? TypedResults.Ok(new MaintenanceResult(false, report))
            : TypedResults.Ok(new MaintenanceResult(true, null));

    public sealed record RetryReport(int DeadLettered, int Retried);

    public sealed record MaintenanceResult(bool Skipped, MaintenanceReport? Report);
}
