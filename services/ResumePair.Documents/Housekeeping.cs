using Dapper;
using Microsoft.Extensions.Options;
using Npgsql;
using ResumePair.Documents.Accounts;
using ResumePair.Documents.Documents;
using ResumePair.Documents.Http;

namespace ResumePair.Documents;

/// <summary>
/// Hourly clean-up of rows that have outlived their promise: login throttle records after their memory, documents in
/// the trash after the retention, refresh tokens a day after they expired, session revocations after a day. Every
/// replica may run it: the deletes are idempotent and small.
/// </summary>
public sealed class Housekeeping(NpgsqlDataSource db, TimeProvider clock, IOptions<DocumentOptions> documents,
    IOptions<AccountOptions> accounts, SessionRevocations revocations,
    ILogger<Housekeeping> logger) : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromHours(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, clock);
        do
        {
            try
            {
                await RunOnceAsync(stoppingToken);
            }
            catch (Exception e) when (e is NpgsqlException or TimeoutException)
            {
                logger.LogWarning(e, "Housekeeping failed; retrying in {Interval}", Interval);
            }
        } while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    public async Task RunOnceAsync(CancellationToken ct)
    {
        var now = clock.UtcNowForDb();
        await using var conn = await db.OpenConnectionAsync(ct);
        var throttles = await conn.ExecuteAsync(new CommandDefinition(
            "DELETE FROM login_throttle WHERE updated_at < @before AND (locked_until IS NULL OR locked_until < @now)",
            new { before = now - accounts.Value.FailureMemory, now }, cancellationToken: ct));
        var trashed = await conn.ExecuteAsync(
            new CommandDefinition(
                "DELETE FROM documents WHERE deleted_at < @before",
                new { before = now - documents.Value.TrashRetention },
                cancellationToken: ct
            )
        );
        var tokens = await conn.ExecuteAsync(
            new CommandDefinition(
                "DELETE FROM refresh_tokens WHERE expires_at < @before",
                new { before = now - TimeSpan.FromDays(1) },
                cancellationToken: ct
            )
        );
        var revoked = await revocations.DeleteExpiredAsync(ct);
        if (throttles + trashed + tokens + revoked > 0)
            logger.LogInformation(
                "Housekeeping removed {Throttles} login throttle records, {Documents} trashed documents, "
                    + "{Tokens} expired refresh tokens, {Revocations} session revocations",
                throttles,
                trashed,
                tokens,
                revoked
            );
    }
}
