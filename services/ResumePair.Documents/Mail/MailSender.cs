using Dapper;
using Microsoft.Extensions.Options;
using Npgsql;
using ResumePair.Documents.Http;

namespace ResumePair.Documents.Mail;

/// <summary>
/// Delivers queued mail: claims a batch with <c>FOR UPDATE SKIP LOCKED</c> (replicas never send the same
/// row concurrently), sends, marks it sent. Delivery is at-least-once: a crash between sending and
/// marking resends, with the same Message-ID. Failures are retried on later polls up to a limit.
/// </summary>
public sealed class MailSender(NpgsqlDataSource db, IMailTransport transport, MailSignal signal, TimeProvider clock,
    IOptions<MailOptions> options, ILogger<MailSender> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                while (await SendBatchAsync(stoppingToken) == BatchSize) { }
            }
            catch (Exception e) when (e is NpgsqlException or TimeoutException)
            {
                logger.LogWarning(e, "Mail outbox unavailable; retrying");
            }
            try
            {
                await signal.WaitAsync(options.Value.PollInterval, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    public const int BatchSize = 20;

    /// <summary>Sends up to one batch; returns how many rows it handled.</summary>
    public async Task<int> SendBatchAsync(CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        var now = clock.UtcNowForDb();
        var batch = (await conn.QueryAsync<OutgoingMail>(new CommandDefinition("""
            SELECT id, to_address AS "To", subject, body_text AS Body, created_at AS CreatedAt
            FROM mail_outbox
            WHERE sent_at IS NULL AND attempts < @max AND (next_attempt_at IS NULL OR next_attempt_at <= @now)
            ORDER BY created_at LIMIT @batch
            FOR UPDATE SKIP LOCKED
            """, new { max = options.Value.MaxAttempts, now, batch = BatchSize }, tx, cancellationToken: ct))).ToList();
        foreach (var mail in batch)
        {
            try
            {
                await transport.SendAsync(mail, ct);
                await conn.ExecuteAsync(
                    new CommandDefinition(
                        "UPDATE mail_outbox SET sent_at = @now, attempts = attempts + 1 WHERE id = @Id",
                        new { mail.Id, now },
                        tx,
                        cancellationToken: ct
                    )
                );
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogWarning(e, "Sending mail {MailId} failed", mail.Id);
                // Exponential backoff: 2, 4, 8 … seconds, at most an hour.
                await conn.ExecuteAsync(new CommandDefinition("""
                    UPDATE mail_outbox SET attempts = attempts + 1, last_error = @error,
                        next_attempt_at = @now + make_interval(secs => least(3600, power(2, attempts + 1)))
                    WHERE id = @Id
                    """, new { mail.Id, error = e.Message, now }, tx, cancellationToken: ct));
            }
        }
        await tx.CommitAsync(ct);
        return batch.Count;
    }
}
