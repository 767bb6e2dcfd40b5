using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace ResumePair.PdfRenderer.Messaging;

/// <summary>
/// This replica's renders in flight, keyed by (JobId, Attempt), each with its own
/// <see cref="CancellationTokenSource"/>, plus tombstones of recent <c>CancelRender</c>s. A cancel and its request
/// travel on different queues, so the cancel may come first: the tombstone (kept until the attempt's deadline, at most
/// <see cref="RendererOptions.CancelledJobMemory"/>) makes the late request a no-op.
/// </summary>
public sealed class RenderCancellations(
    TimeProvider time,
    IOptions<RendererOptions> options,
    ILogger<RenderCancellations> logger
)
{
    public readonly record struct RenderKey(Guid JobId, int Attempt);

    // Keyed by a running number, not by RenderKey: a duplicate delivery of one attempt may run twice in one process
    // and both must stop. Only PoolSize renders run at once, so a cancel scans a handful of entries.
    private readonly ConcurrentDictionary<long, RunningRender> _running = new();
    private readonly ConcurrentDictionary<RenderKey, (DateTimeOffset Until, string Reason)> _tombstones = new();
    private long _next;
    private readonly ILogger _logger = logger;

    public int Running => _running.Count;
    public int Tombstones => _tombstones.Count;

    /// <summary>Registers a render; null when the attempt was already cancelled (the caller drops the job).</summary>
    public RunningRender? Start(Guid jobId, int attempt, CancellationToken stopping)
    {
        var key = new RenderKey(jobId, attempt);
        var render = new RunningRender(this, Interlocked.Increment(ref _next), key, stopping);
        // Register first, then look for a tombstone; Cancel writes its tombstone first, then scans: whichever
        // runs second sees the other, so no interleaving lets a render slip past a cancel.
        _running[render.Id] = render;
        if (_tombstones.TryGetValue(key, out var tombstone) && tombstone.Until > time.GetUtcNow())
        {
            render.Dispose();
            return null;
        }
        return render;
    }

    /// <returns>How many running renders of this attempt were cancelled here (0 when another replica has it, or none
    /// yet).</returns>
    public int Cancel(Guid jobId, int attempt, string reason, DateTimeOffset deadline)
    {
        var now = time.GetUtcNow();
        Prune(now);
        var key = new RenderKey(jobId, attempt);
        var cap = now + options.Value.CancelledJobMemory;
        _tombstones[key] = (deadline < cap ? deadline : cap, reason);
        var cancelled = 0;
        foreach (var render in _running.Values)
            if (render.Key == key && render.TryCancel(reason)) cancelled++;
        return cancelled;
    }

    private void Prune(DateTimeOffset now)
    {
        foreach (var (key, tombstone) in _tombstones)
            if (tombstone.Until <= now) _tombstones.TryRemove(key, out _);
    }

    private void Remove(RunningRender render) => _running.TryRemove(render.Id, out _);

    /// <summary>One render's registration; disposing it unregisters.</summary>
    public sealed class RunningRender : IDisposable
    {
        private readonly RenderCancellations _owner;
        private readonly CancellationTokenSource _cts;
        private string? _cancelReason;

        internal RunningRender(RenderCancellations owner, long id, RenderKey key, CancellationToken stopping)
        {
            _owner = owner;
            Id = id;
            Key = key;
            _cts = CancellationTokenSource.CreateLinkedTokenSource(stopping);
        }

        internal long Id { get; }
        public RenderKey Key { get; }

        /// <summary>Fires on a <c>CancelRender</c> for this attempt or when the host stops.</summary>
        public CancellationToken Token => _cts.Token;

        /// <summary>Set when a <c>CancelRender</c> (not shutdown) stopped this render.</summary>
        public string? CancelReason => Volatile.Read(ref _cancelReason);

        internal bool TryCancel(string reason)
        {
            if (Interlocked.CompareExchange(ref _cancelReason, reason, null) is not null) return false;
            try
            {
                _cts.Cancel();
            }
            catch (ObjectDisposedException)
            {
                return false; // finished in the meantime
            }
            catch (AggregateException e)
            {
                // A callback registered on the token threw; the render is cancelled all the same.
                _owner._logger.LogDebug(e, "Cancellation callback failed for job {JobId}", Key.JobId);
            }
            return true;
        }

        public void Dispose()
        {
            _owner.Remove(this);
            _cts.Dispose();
        }
    }
}
