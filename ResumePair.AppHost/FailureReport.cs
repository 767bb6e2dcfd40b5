using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace ResumePair.AppHost;

/// <summary>
/// Puts a failed resource's last log lines on the AppHost's console: `scripts/run.sh` in a terminal or CI has no
/// dashboard open, and "FailedToStart" alone says nothing about why.
/// </summary>
internal sealed class FailureReport(
    ResourceNotificationService notifications, ResourceLoggerService logs, ILogger<FailureReport> logger)
{
    private const int Lines = 30;

    public async Task WatchAsync(CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var change in notifications.WatchAsync(stoppingToken).ConfigureAwait(false))
            {
                var snapshot = change.Snapshot;
                var state = snapshot.State?.Text;
                var failed = state == KnownResourceStates.FailedToStart
                             || (state is "Finished" or "Exited" && snapshot.ExitCode is not null and not 0);
                if (failed) await ReportAsync(change.ResourceId, snapshot, stoppingToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private async Task ReportAsync(string id, CustomResourceSnapshot snapshot, CancellationToken ct)
    {
        var tail = new Queue<string>();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(2));
        try
        {
            await foreach (var batch in logs.GetAllAsync(id).WithCancellation(timeout.Token).ConfigureAwait(false))
                foreach (var line in batch)
                {
                    tail.Enqueue(line.Content);
                    if (tail.Count > Lines) tail.Dequeue();
                }
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
        }
        logger.LogError("{Resource} {State} (exit code {ExitCode}); its last log lines:\n{Lines}",
            id, snapshot.State?.Text, snapshot.ExitCode, string.Join('\n', tail));
    }
}

internal static class FailureReportExtensions
{
    public static IDistributedApplicationBuilder AddFailureReport(this IDistributedApplicationBuilder builder)
    {
        builder.Services.AddSingleton<FailureReport>();
        // Not a hosted service: those start only after the orchestrator has created every resource, which waits
        // for the very resources that may fail.
        builder.Eventing.Subscribe<BeforeStartEvent>((@event, _) =>
        {
            var stopping = @event.Services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping;
            var watch = @event.Services.GetRequiredService<FailureReport>().WatchAsync(stopping);
            return Task.CompletedTask;
        });
        return builder;
    }
}
