using System.Diagnostics;
using System.Threading.Channels;

namespace ResumePair.ExportOrchestrator.Jobs.Engine;

/// <summary>
/// Group commit for the job engine: callers submit one item each and await their own result, while a few flush
/// loops take whatever has queued up (at most <c>maxBatch</c>) and handle it in one database round trip and one
/// commit. Nothing waits for a batch to fill: under light load a batch is one item (no added latency), under
/// heavy load items pile up while the previous flush runs, so batches grow by themselves.
/// A batch that throws is retried item by item, so one bad item fails alone and never takes the others with it.
/// A committer off the latency path may <c>linger</c>: once an item is there, it waits that long for more before
/// flushing, so fewer, larger batches (and fewer commits) compete with the commits that are on the path.
/// </summary>
public sealed class GroupCommitter<TItem, TResult> : IAsyncDisposable
{
    public delegate Task<IReadOnlyList<TResult>> FlushBatch(IReadOnlyList<TItem> items, CancellationToken ct);

    private readonly Channel<Entry> _queue = Channel.CreateUnbounded<Entry>();
    private readonly FlushBatch _flush;
    private readonly int _maxBatch;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly string _name;
    private readonly TagList _tags;
    // Flushes are not cancelled by callers (an item belongs to a batch others wait on); only disposal stops them.
    private readonly CancellationTokenSource _stopping = new();
    private readonly Task[] _loops;
    private readonly TimeSpan _linger;

    public GroupCommitter(
        string name,
        FlushBatch flush,
        int maxBatch,
        int concurrency,
        TimeProvider time,
        ILogger logger,
        TimeSpan linger = default
    )
    {
        _linger = linger;
        _name = name;
        _time = time;
        _tags = new TagList { { "committer", name } };
        _flush = flush;
        _maxBatch = Math.Max(1, maxBatch);
        _logger = logger;
        _loops = Enumerable.Range(0, Math.Max(1, concurrency)).Select(_ => Task.Run(LoopAsync)).ToArray();
    }

    /// <summary>Queues the item; the result arrives once its batch has committed (or failed).</summary>
    /// <remarks>
    /// <paramref name="ct"/> stops the wait, not the flush: the item may still commit. Callers rely on the inbox and
    /// fencing for that case, as they would for a crash right after a commit.
    /// </remarks>
    public Task<TResult> SubmitAsync(TItem item, CancellationToken ct)
    {
        var entry = new Entry(
            item,
            new TaskCompletionSource<TResult>(TaskCreationOptions.RunContinuationsAsynchronously),
            _time.GetTimestamp()
        );
        if (!_queue.Writer.TryWrite(entry)) throw new ObjectDisposedException(_name);
        return entry.Result.Task.WaitAsync(ct);
    }

    private async Task LoopAsync()
    {
        var batch = new List<Entry>(_maxBatch);
        var items = new List<TItem>(_maxBatch);
        while (await _queue.Reader.WaitToReadAsync(CancellationToken.None))
        {
            if (_linger > TimeSpan.Zero && !_stopping.IsCancellationRequested)
                await Task.Delay(_linger, _time, CancellationToken.None);
            batch.Clear();
            while (batch.Count < _maxBatch && _queue.Reader.TryRead(out var entry)) batch.Add(entry);
            if (batch.Count == 0) continue;
            items.Clear();
            items.AddRange(batch.Select(e => e.Item));
            var started = _time.GetTimestamp();
            foreach (var entry in batch)
                EngineMetrics.Wait.Record(_time.GetElapsedTime(entry.Queued, started).TotalMilliseconds, _tags);
            try
            {
                var results = await _flush(items, _stopping.Token);
                EngineMetrics.Duration.Record(_time.GetElapsedTime(started).TotalMilliseconds, _tags);
                for (var i = 0; i < batch.Count; i++) batch[i].Result.TrySetResult(results[i]);
            }
            catch (Exception e) when (batch.Count > 1)
            {
                _logger.LogWarning(
                    e,
                    "{Name}: a batch of {Count} failed; handling its items one by one",
                    _name,
                    batch.Count
                );
                foreach (var entry in batch) await FlushOneAsync(entry);
            }
            catch (Exception e)
            {
                batch[0].Result.TrySetException(e);
            }
        }
    }

    private async Task FlushOneAsync(Entry entry)
    {
        try
        {
            entry.Result.TrySetResult((await _flush([entry.Item], _stopping.Token))[0]);
        }
        catch (Exception e)
        {
            entry.Result.TrySetException(e);
        }
    }

    /// <summary>Stops taking items, lets queued ones flush (up to 10 s), then cancels what is still running.</summary>
    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        var drained = Task.WhenAll(_loops);
        if (await Task.WhenAny(drained, Task.Delay(TimeSpan.FromSeconds(10))) != drained) await _stopping.CancelAsync();
        try { await drained; } catch (Exception e) { _logger.LogDebug(e, "{Name} stopped", _name); }
        _stopping.Dispose();
    }

    private sealed record Entry(TItem Item, TaskCompletionSource<TResult> Result, long Queued);
}
