using MassTransit;
using Npgsql;
using ResumePair.Contracts.Accounts;
using ResumePair.ExportOrchestrator.Jobs;
using ResumePair.Web.Idempotency;
using ResumePair.Web.RateLimiting;

namespace ResumePair.ExportOrchestrator;

/// <summary>
/// A deleted account takes its exports with it: every job the user created (its log lines and import upload cascade)
/// and every stored file of those jobs (all attempts: <c>exports/{jobId:N}/…</c>), its stored Idempotency-Key answers
/// and its rate-limit counters. Idempotent, so a redelivery is
/// harmless; an unfinished job of that user simply disappears (a late renderer upload finds no job and is refused).
/// </summary>
public sealed class AccountDeletedConsumer(NpgsqlDataSource db, ILogger<AccountDeletedConsumer> logger)
    : IConsumer<AccountDeleted>
{
    public async Task Consume(ConsumeContext<AccountDeleted> context)
    {
        var userId = context.Message.UserId;
        var ct = context.CancellationToken;
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        var (jobs, files) = await JobStore.DeleteUserAsync(conn, tx, userId, ct);
        await IdempotencyStore.DeleteUserAsync(conn, tx, userId, ct);
        await PostgresRateLimiter.DeleteUserAsync(conn, tx, userId, ct);
        await tx.CommitAsync(ct);
        logger.LogInformation("Account {UserId} deleted: removed {Jobs} jobs and {Files} files", userId, jobs, files);
    }
}
