using Microsoft.Extensions.Options;
using Npgsql;

namespace ResumePair.Documents.Photos;

/// <summary>
/// The background job that resizes uploaded photos: claims them one at a time (<c>FOR UPDATE SKIP LOCKED</c>, so
/// any number of replicas share the queue), woken at once by an upload on this replica and otherwise polling.
/// </summary>
public sealed class PhotoProcessor(PhotoStore store, PhotoResizer resizer, IOptions<PhotoOptions> options,
    ILogger<PhotoProcessor> logger) : BackgroundService
{
    private readonly SemaphoreSlim _wake = new(0, 1);

    /// <summary>An upload landed: look now rather than at the next poll.</summary>
    public void Wake()
    {
        try { if (_wake.CurrentCount == 0) _wake.Release(); } catch (SemaphoreFullException) { }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                while (await store.ProcessNextAsync(resizer.ResizeAsync, stoppingToken)) { }
            }
            catch (Exception e) when (e is NpgsqlException or TimeoutException or IOException)
            {
                logger.LogWarning(e, "Photo resizing failed; retrying");
            }
            try
            {
                await _wake.WaitAsync(options.Value.PollInterval, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    public override void Dispose()
    {
        _wake.Dispose();
        base.Dispose();
    }
}
