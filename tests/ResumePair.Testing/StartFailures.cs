using System.Globalization;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.DependencyInjection;

namespace ResumePair.Testing;

/// <summary>
/// Waiting for an app to become ready, failing at once when one of its resources fails instead: a server that cannot
/// boot (e.g. RabbitMQ's distribution port taken) leaves its resource failed or exited, and a fixture that only
/// waited for "running" or "healthy" would wait for it until CI's own time limit.
/// </summary>
public static class StartFailures
{
    /// <summary>
    /// Runs <paramref name="ready"/>; throws as soon as any resource of <paramref name="app"/> fails to start or its
    /// process exits with a non-zero code (a migration's exit 0 is success), with the end of that resource's log.
    /// </summary>
    public static async Task WaitAsync(DistributedApplication app, Func<CancellationToken, Task> ready,
        CancellationToken ct)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var waiting = ready(stop.Token);
        var failure = FirstFailureAsync(app.ResourceNotifications, stop.Token);
        var first = await Task.WhenAny(waiting, failure);
        stop.Cancel();
        if (first == waiting)
        {
            await waiting;
            return;
        }
        if (failure.IsCanceled) ct.ThrowIfCancellationRequested();
        var failed = await failure;
        var log = await TailAsync(app, failed.ResourceId, 40);
        var state = failed.Snapshot.State?.Text;
        var exitCode = failed.Snapshot.ExitCode?.ToString(CultureInfo.InvariantCulture) ?? "none";
        throw new InvalidOperationException(
            $"{failed.ResourceId} {state} (exit code {exitCode}) while the app was starting; its log ends:\n{log}");
    }

    /// <summary>True for a resource that will not come up by itself.</summary>
    public static bool HasFailed(CustomResourceSnapshot snapshot) =>
        snapshot.State?.Text == KnownResourceStates.FailedToStart
        || snapshot.State?.Text is { } state && KnownResourceStates.TerminalStates.Contains(state)
            && snapshot.ExitCode is { } code && code != 0;

    private static async Task<ResourceEvent> FirstFailureAsync(ResourceNotificationService notifications,
        CancellationToken ct)
    {
        await foreach (var change in notifications.WatchAsync(ct))
            if (HasFailed(change.Snapshot)) return change;
        ct.ThrowIfCancellationRequested();
        throw new InvalidOperationException("Resource notifications ended");
    }

    private static async Task<string> TailAsync(DistributedApplication app, string resourceId, int count)
    {
        var lines = new List<string>();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        try
        {
            var logs = app.Services.GetRequiredService<ResourceLoggerService>();
            await foreach (var batch in logs.GetAllAsync(resourceId).WithCancellation(timeout.Token))
                lines.AddRange(batch.Select(l => l.Content));
        }
        catch (OperationCanceledException)
        {
            // What arrived in time is enough.
        }
        return string.Join('\n', lines.TakeLast(count));
    }
}
