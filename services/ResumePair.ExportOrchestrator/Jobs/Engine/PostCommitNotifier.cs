using System.Collections.Concurrent;
using Npgsql;

namespace ResumePair.ExportOrchestrator.Jobs.Engine;

/// <summary>
/// Sends a channel's NOTIFYs after the commits they announce, instead of inside those transactions: PostgreSQL
/// serializes the commits of notifying transactions (a lock held from pre-commit until the commit record is
/// flushed), so a NOTIFY inside every durable commit queued the enqueues, claims and completions behind one another's
/// fsync. A transaction that only notifies writes no WAL to flush and holds that lock for microseconds.
/// Concurrent callers share the sends: one loop runs while anything was requested after its last send, so every
/// commit is followed by a notification carrying its ids (at most 200 per payload; payloads stop at 8000 bytes).
/// A notification is only a hint: if the process dies after the commit and before the send, listeners fall back
/// to their poll (the outbox relay's interval, the SSE stream's heartbeat re-read).
/// </summary>
public sealed class PostCommitNotifier(NpgsqlDataSource db, string channel, ILogger logger)
{
    private const int IdsPerPayload = 200;
    private readonly ConcurrentQueue<Guid> _ids = new();
    // 0: no notification owed; 1: one is owed (a commit happened after the last one was sent).
    private int _owed;
    // 1 while a loop sends notifications.
    private int _sending;

    /// <summary>Call after the commit: one notification with an empty payload ("look again").</summary>
    public void Notify() => Request();

    /// <summary>Call after the commit: the ids it changed, comma-separated.</summary>
    public void Notify(IEnumerable<Guid> ids)
    {
        var any = false;
        foreach (var id in ids)
        {
            _ids.Enqueue(id);
            any = true;
        }
        if (any) Request();
    }

    private void Request()
    {
        Volatile.Write(ref _owed, 1);
        if (Interlocked.CompareExchange(ref _sending, 1, 0) == 0) _ = Task.Run(SendLoopAsync, CancellationToken.None);
    }

    private async Task SendLoopAsync()
    {
        while (true)
        {
            while (Interlocked.Exchange(ref _owed, 0) == 1)
            {
                var payloads = TakePayloads();
                try
                {
                    await using var c = await db.OpenConnectionAsync();
                    await using var cmd = new NpgsqlCommand("SELECT pg_notify(@channel, p) FROM unnest(@payloads) AS p", c);
                    cmd.Parameters.AddWithValue("channel", channel);
                    cmd.Parameters.AddWithValue("payloads", payloads);
                    await cmd.ExecuteNonQueryAsync();
                }
                catch (Exception e)
                {
                    logger.LogWarning(e, "Could not send NOTIFY {Channel}; its listeners' poll will find the changes", channel);
                }
            }
            Volatile.Write(ref _sending, 0);
            // A request that came after the last exchange but saw the loop still running: take it over.
            if (Volatile.Read(ref _owed) == 0 || Interlocked.CompareExchange(ref _sending, 1, 0) != 0) return;
        }
    }

    private string[] TakePayloads()
    {
        var payloads = new List<string>();
        var chunk = new List<Guid>(IdsPerPayload);
        while (_ids.TryDequeue(out var id))
        {
            chunk.Add(id);
            if (chunk.Count == IdsPerPayload)
            {
                payloads.Add(string.Join(',', chunk));
                chunk.Clear();
            }
        }
        if (chunk.Count > 0 || payloads.Count == 0) payloads.Add(string.Join(',', chunk));
        return payloads.ToArray();
    }
}
