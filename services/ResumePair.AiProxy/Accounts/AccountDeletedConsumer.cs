using Dapper;
using MassTransit;
using Npgsql;
using ResumePair.Contracts.Accounts;
using ResumePair.Web.Idempotency;
using ResumePair.Web.RateLimiting;

namespace ResumePair.AiProxy.Accounts;

/// <summary>
/// A deleted account takes what ai-proxy keeps of it: its usage ledger rows, the answers cached from its requests (they
/// hold the resume text it sent), its stored Idempotency-Key answers and its quota and rate-limit counters. One
/// transaction; a redelivery deletes nothing more (no inbox needed). Rows written by a request still in flight when the
/// message arrives (a ledger line, a cache entry) are not caught: the cache expires within minutes and the ledger line
/// holds no content.
/// </summary>
public sealed class AccountDeletedConsumer(NpgsqlDataSource db, ILogger<AccountDeletedConsumer> logger)
    : IConsumer<AccountDeleted>
{
    /// <summary>
    /// Its own queue: the export orchestrator's consumer of the same message is "account-deleted", and two services on
    /// one queue would compete for each message instead of each getting it.
    /// </summary>
    public const string Queue = "ai-proxy-account-deleted";

    public async Task Consume(ConsumeContext<AccountDeleted> context)
    {
        var userId = context.Message.UserId;
        var ct = context.CancellationToken;
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        var usage = await conn.ExecuteAsync(new CommandDefinition(
            "DELETE FROM ai_usage WHERE user_id = @userId", new { userId }, tx, cancellationToken: ct));
        var cached = await conn.ExecuteAsync(new CommandDefinition(
            "DELETE FROM ai_cache WHERE user_id = @userId", new { userId }, tx, cancellationToken: ct));
        var keys = await IdempotencyStore.DeleteUserAsync(conn, tx, userId, ct);
        var counters = await PostgresRateLimiter.DeleteUserAsync(conn, tx, userId, ct);
        await tx.CommitAsync(ct);
        logger.LogInformation(
            "Account {UserId} deleted: removed {Usage} usage rows, {Cached} cached answers, "
                + "{Keys} idempotency keys and {Counters} limit counters",
            userId,
            usage,
            cached,
            keys,
            counters
        );
    }
}
