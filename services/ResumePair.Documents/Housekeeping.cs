using Dapper;
using Microsoft.Extensions.Options;
using Npgsql;
using ResumePair.Documents.Accounts;
using ResumePair.Documents.Documents;
using ResumePair.Documents.Http;
using ResumePair.Documents.Idempotency;

namespace ResumePair.Documents;

/// <summary>
/// Hourly clean-up of rows that have outlived their promise: idempotency keys after 24 h, documents in
/// the trash after the retention, refresh tokens a day after they expired. Every replica may run it:
/// the deletes are idempotent and small.
/// </summary>
public sealed class Housekeeping(NpgsqlDataSource db, TimeProvider clock, IOptions<DocumentOptions> documents,
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
        var keys = await conn.ExecuteAsync(new CommandDefinition(
            "DELETE FROM idempotency_keys WHERE created_at < @before", new { before = now - IdempotencyStore.Retention }, cancellationToken: ct));
        var trashed = await conn.ExecuteAsync(new CommandDefinition(
            "DELETE FROM documents WHERE deleted_at < @before", new { before = now - documents.Value.TrashRetention }, cancellationToken: ct));
        var tokens = await conn.ExecuteAsync(new CommandDefinition(
            "DELETE FROM refresh_tokens WHERE expires_at < @before", new { before = now - TimeSpan.FromDays(1) }, cancellationToken: ct));
        if (keys + trashed + tokens > 0)
            logger.LogInformation("Housekeeping removed {Keys} idempotency keys, {Documents} trashed documents, {Tokens} expired refresh tokens",
                keys, trashed, tokens);
    }
}
