using Dapper;
using Npgsql;
using ResumePair.Documents.Http;

namespace ResumePair.Documents.Mail;

public sealed record OutgoingMail(Guid Id, string To, string Subject, string Body, DateTime CreatedAt);

/// <summary>
/// Queues mail in <c>mail_outbox</c> inside the caller's transaction, so a mail goes out if and only if
/// the change that caused it committed. <see cref="MailSender"/> delivers it.
/// </summary>
public sealed class MailOutbox(TimeProvider clock, MailSignal signal)
{
    public async Task EnqueueAsync(
        NpgsqlConnection conn,
        NpgsqlTransaction tx,
        string to,
        string subject,
        string body,
        CancellationToken ct
    )
    {
        await conn.ExecuteAsync(
            new CommandDefinition(
                """
                INSERT INTO mail_outbox (id, to_address, subject, body_text, created_at)
                VALUES (@id, @to, @subject, @body, @now)
                """,
                new
                {
                    id = Guid.CreateVersion7(),
                    to,
                    subject,
                    body,
                    now = clock.UtcNowForDb(),
                },
                tx,
                cancellationToken: ct
            )
        );
    }

    /// <summary>Call after committing: wakes this replica's sender instead of waiting for its next poll.</summary>
    public void Committed() => signal.Notify();
}

/// <summary>Lets a request wake the sender instead of waiting for its next poll.</summary>
public sealed class MailSignal
{
    private readonly SemaphoreSlim _signal = new(0, 1);

    public void Notify()
    {
        if (_signal.CurrentCount == 0) try { _signal.Release(); } catch (SemaphoreFullException) { }
    }

    public Task WaitAsync(TimeSpan timeout, CancellationToken ct) => _signal.WaitAsync(timeout, ct);
}
