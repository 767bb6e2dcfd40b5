using Dapper;
using Npgsql;

namespace ResumePair.ExportOrchestrator.Jobs.Handlers.Import;

/// <summary>
/// A running in-process job's stage: percentage and message, fenced on the attempt so a superseded attempt cannot
/// overwrite a newer one. The jobs_revision trigger bumps the revision and notifies SSE streams on every replica.
/// </summary>
public static class JobProgress
{
    public static async Task ReportAsync(NpgsqlDataSource db, Guid jobId, int attempt, int percentage, string message, CancellationToken ct)
    {
        await using var c = await db.OpenConnectionAsync(ct);
        await c.ExecuteAsync(new CommandDefinition(
            "UPDATE jobs SET progress_percentage = @percentage, progress_message = @message WHERE id = @jobId AND attempts = @attempt AND status = 'processing'",
            new { jobId, attempt, percentage, message }, cancellationToken: ct));
    }
}
