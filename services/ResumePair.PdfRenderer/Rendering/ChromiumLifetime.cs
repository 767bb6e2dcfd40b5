using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace ResumePair.PdfRenderer.Rendering;

/// <summary>
/// Launches Chromium and opens its pages in the background at startup (so the first jobs do not pay for it) and closes
/// the pool and the browser when the host stops, so no Chromium outlives the service.
/// </summary>
public sealed class ChromiumLifetime(
    ChromiumBrowser chromium,
    PagePool pool,
    IOptions<RendererOptions> options,
    ILogger<ChromiumLifetime> logger
) : IHostedService
{
    private Task _warmUp = Task.CompletedTask;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (options.Value.WarmUp)
            _warmUp = Task.Run(async () =>
            {
                try
                {
                    await pool.WarmUpAsync(CancellationToken.None);
                }
                catch (Exception e)
                {
                    logger.LogError(e, "Chromium warm-up failed; renders will retry the launch");
                }
            }, CancellationToken.None);
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _warmUp.WaitAsync(cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        // Renders in flight finish first (the bus may be stopped after this service, not before).
        var sw = System.Diagnostics.Stopwatch.StartNew();
        var drained = await pool.DrainAsync(options.Value.ShutdownGrace, cancellationToken);
        logger.LogInformation("Stopping: renders in flight {Outcome} after {Ms} ms; closing Chromium",
            drained ? "finished" : "did not finish", sw.ElapsedMilliseconds);
        await pool.DisposeAsync();
        await chromium.DisposeAsync();
    }
}

/// <summary>Ready once Chromium runs (or before the first launch, when nothing has failed yet).</summary>
public sealed class ChromiumHealthCheck(ChromiumBrowser chromium) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(
        HealthCheckContext context,
        CancellationToken cancellationToken = default
    ) =>
        Task.FromResult(
            chromium.IsConnected ? HealthCheckResult.Healthy($"Chromium connected (launches: {chromium.Launches})")
            : chromium.Launches == 0 ? HealthCheckResult.Degraded("Chromium not launched yet")
            : HealthCheckResult.Unhealthy("Chromium disconnected; the next render relaunches it")
        );
}
