using System.Collections.Concurrent;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace ResumePair.Messaging;

/// <summary>
/// Sends NOTIFYs after the commits they announce instead of inside those transactions, coalesced across callers.
/// Why after: PostgreSQL serializes the commits of notifying transactions (a lock held from pre-commit until the commit
/// record is flushed), so a NOTIFY inside every durable commit queued those commits behind one another's fsync; a
/// statement that only notifies writes no WAL to flush and holds that lock for microseconds.
/// Why coalesced: the first request after a quiet spell is sent at once; later ones wait for the next send, at most
/// <see cref="PostCommitNotifierOptions.Interval"/> after the previous, which carries everything requested meanwhile in
/// one round trip: per channel the distinct ids, comma-separated (at most <see cref="IdsPerPayload"/> per payload,
/// since payloads stop at 8000 bytes; <see cref="ParseIds"/> reads them), or an empty payload ("look again").
/// A notification is only a hint: if the process dies between a commit and its send, listeners catch up through
/// their own fallback (a poll, a heartbeat re-read), as when a notification is lost while a listener reconnects.
/// </summary>
public sealed class PostCommitNotifier(
    NpgsqlDataSource db,
    IOptions<PostCommitNotifierOptions> options,
    TimeProvider time,
    ILogger<PostCommitNotifier> logger
) : IDisposable
{
    public const int IdsPerPayload = 200;

    private readonly ConcurrentQueue<(string Channel, Guid? Id)> _pending = new();
    // 1 while a loop sends.
    private int _sending;
    // Cancelled when the container disposes the notifier, after the hosted services (and their last commits) stopped.
    private readonly CancellationTokenSource _stopping = new();

    /// <summary>Call after the commit: an empty notification on <paramref name="channel"/>.</summary>
    public void Notify(string channel) => Request(channel, null);

    /// <summary>Call after the commit: <paramref name="id"/> changed.</summary>
    public void Notify(string channel, Guid id) => Request(channel, id);

    /// <summary>Call after the commit: these ids changed (nothing is sent for none).</summary>
    public void Notify(string channel, IEnumerable<Guid> ids)
    {
        foreach (var id in ids) _pending.Enqueue((channel, id));
        Start();
    }

    /// <summary>The ids of a payload this notifier sent (also a single id, as in-transaction writers send).</summary>
    public static IEnumerable<Guid> ParseIds(string payload)
    {
        foreach (var part in payload.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            if (Guid.TryParse(part, out var id)) yield return id;
    }

    private void Request(string channel, Guid? id)
    {
        _pending.Enqueue((channel, id));
        Start();
    }

    private void Start()
    {
        if (_pending.IsEmpty || Interlocked.CompareExchange(ref _sending, 1, 0) != 0) return;
        // The loop serves every caller: it must not run (and trace its commands) as part of the one that started it.
        using (ExecutionContext.SuppressFlow()) _ = Task.Run(SendLoopAsync, CancellationToken.None);
    }

    private async Task SendLoopAsync()
    {
        var ct = _stopping.Token;
        while (true)
        {
            while (!_pending.IsEmpty && !ct.IsCancellationRequested)
            {
                var (channels, payloads) = TakePayloads();
                try
                {
                    await using var c = await db.OpenConnectionAsync(ct);
                    await using var cmd = new NpgsqlCommand(
                        "SELECT pg_notify(c, p) FROM unnest(@channels, @payloads) AS n(c, p)",
                        c
                    );
                    cmd.Parameters.AddWithValue("channels", channels);
                    cmd.Parameters.AddWithValue("payloads", payloads);
                    await cmd.ExecuteNonQueryAsync(ct);
                }
                catch (OperationCanceledException) when (ct.IsCancellationRequested)
                {
                    return; // disposed: listeners fall back to their poll
                }
                catch (Exception e)
                {
                    logger.LogWarning(
                        e,
                        "Could not send {Count} notifications on {Channels}; listeners fall back to their poll",
                        payloads.Length,
                        string.Join(", ", channels.Distinct())
                    );
                }
                if (options.Value.Interval > TimeSpan.Zero)
                    await Task.Delay(options.Value.Interval, time, ct)
                        .ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
            Volatile.Write(ref _sending, 0);
            // A request queued after the last check but while the flag was still set: take it over.
            if (_pending.IsEmpty || ct.IsCancellationRequested || Interlocked.CompareExchange(ref _sending, 1, 0) != 0)
                return;
        }
    }

    public void Dispose() => _stopping.Cancel();

    private (string[] Channels, string[] Payloads) TakePayloads()
    {
        var byChannel = new Dictionary<string, HashSet<Guid>>();
        while (_pending.TryDequeue(out var item))
        {
            if (!byChannel.TryGetValue(item.Channel, out var ids)) byChannel[item.Channel] = ids = [];
            if (item.Id is { } id) ids.Add(id);
        }
        var channels = new List<string>();
        var payloads = new List<string>();
        foreach (var (channel, ids) in byChannel)
        {
            if (ids.Count == 0)
            {
                channels.Add(channel);
                payloads.Add("");
                continue;
            }
            foreach (var chunk in ids.Chunk(IdsPerPayload))
            {
                channels.Add(channel);
                payloads.Add(string.Join(',', chunk));
            }
        }
        return (channels.ToArray(), payloads.ToArray());
    }
}

public sealed class PostCommitNotifierOptions
{
    public const string Section = "Notify";

    /// <summary>Sends are at least this far apart; what is requested meanwhile goes out together in the next
    /// one.</summary>
    public TimeSpan Interval { get; set; } = TimeSpan.FromMilliseconds(50);
}

public static class PostCommitNotifierExtensions
{
    /// <summary>
    /// The service's <see cref="PostCommitNotifier"/> (one per process, shared by every writer), paced at
    /// <paramref name="interval"/> unless <c>Notify:Interval</c> says otherwise.
    /// </summary>
    public static IHostApplicationBuilder AddPostCommitNotifier(this IHostApplicationBuilder builder, TimeSpan interval)
    {
        builder.Services.AddOptions<PostCommitNotifierOptions>()
            .Configure(o => o.Interval = interval)
            .Bind(builder.Configuration.GetSection(PostCommitNotifierOptions.Section));
        builder.Services.AddSingleton<PostCommitNotifier>();
        return builder;
    }
}
