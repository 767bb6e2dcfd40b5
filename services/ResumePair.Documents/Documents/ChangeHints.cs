using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using Npgsql;
using ResumePair.ServiceDefaults.Messaging.Outbox;

namespace ResumePair.Documents.Documents;

/// <summary>
/// Autosave's two hints, <c>document_events</c> (event streams on every replica) and <c>outbox</c> (the relay), sent
/// after the save has committed instead of inside its transaction, and coalesced across saves.
/// Why after: PostgreSQL serializes the commits of notifying transactions (a lock held until the commit record is
/// flushed), so a NOTIFY in every durable save queued the saves behind one another's fsync.
/// Why coalesced: one relay wake-up per save cost the relay a claim, a commit and a confirm round per save. The first
/// save after a quiet spell is hinted at once; later ones wait for the next send, at most
/// <see cref="DocumentOptions.ChangeHintInterval"/> after the previous, which hints every document changed meanwhile,
/// so the relay claims the rows of many saves in one batch.
/// A hint is only ever "look again": if the process dies between a commit and its hint, streams catch up at their next
/// heartbeat and the relay at its next poll, as when a hint is lost while a listener reconnects.
/// </summary>
public sealed class ChangeHints(NpgsqlDataSource db, IOptions<DocumentOptions> options, TimeProvider clock,
    IHostApplicationLifetime lifetime, ILogger<ChangeHints> logger)
{
    private const string NotifySql = $"""
        SELECT pg_notify('{DocumentEvents.Channel}', id::text) FROM unnest(@ids) AS id;
        SELECT pg_notify('{OutboxWriter.Channel}', '')
        """;

    private readonly ConcurrentQueue<Guid> _pending = new();
    // 1 while a loop sends.
    private int _sending;

    /// <summary>Call once the change has committed.</summary>
    public void Changed(Guid documentId)
    {
        _pending.Enqueue(documentId);
        if (Interlocked.CompareExchange(ref _sending, 1, 0) != 0) return;
        // The loop serves every request: it must not run (and trace its commands) as part of the one that started it.
        using (ExecutionContext.SuppressFlow()) _ = Task.Run(SendLoopAsync, CancellationToken.None);
    }

    private async Task SendLoopAsync()
    {
        var ct = lifetime.ApplicationStopping;
        while (true)
        {
            while (!_pending.IsEmpty && !ct.IsCancellationRequested)
            {
                var ids = new HashSet<Guid>();
                while (_pending.TryDequeue(out var id)) ids.Add(id);
                try
                {
                    await using var conn = await db.OpenConnectionAsync(ct);
                    await using var cmd = new NpgsqlCommand(NotifySql, conn) { Parameters = { new NpgsqlParameter("ids", ids.ToArray()) } };
                    await cmd.ExecuteNonQueryAsync(ct);
                }
                catch (OperationCanceledException) when (ct.IsCancellationRequested)
                {
                    return; // shutting down: the relay of the next replica to run polls for the rows
                }
                catch (Exception e)
                {
                    logger.LogWarning(e, "Could not send {Count} change hints; streams catch up at their heartbeat, the outbox relay at its poll", ids.Count);
                }
                await Task.Delay(options.Value.ChangeHintInterval, clock, ct).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
            Volatile.Write(ref _sending, 0);
            // A change enqueued after the last check but while the flag was still set: take it over.
            if (_pending.IsEmpty || ct.IsCancellationRequested || Interlocked.CompareExchange(ref _sending, 1, 0) != 0) return;
        }
    }
}
