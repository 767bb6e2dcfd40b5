using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OpenTelemetry.Logs;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace ResumePair.ServiceDefaults.Telemetry;

/// <summary>
/// Sends the last telemetry when the service stops, for at most <see cref="Bound"/>. Aspire has the OTLP exporter
/// retry in memory until its 10 s export timeout; when the whole run stops, the dashboard is among the first to go,
/// and each service then spent ~10 s retrying its final batch into a closed port before it exited. Registered with
/// the telemetry (early), so it stops after the services' own hosted services and their last log lines are sent.
/// </summary>
internal sealed class TelemetryShutdown(IServiceProvider services) : IHostedService
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(2);

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken)
    {
        var milliseconds = (int)Bound.TotalMilliseconds;
        // In parallel, each bounded: after it, the providers' own shutdown at disposal finds them shut down already.
        var shutdowns = new Action?[]
        {
            services.GetService<TracerProvider>() is { } traces ? () => traces.Shutdown(milliseconds) : null,
            services.GetService<MeterProvider>() is { } metrics ? () => metrics.Shutdown(milliseconds) : null,
            services.GetService<LoggerProvider>() is { } logs ? () => logs.Shutdown(milliseconds) : null,
        };
        return Task.WhenAll(shutdowns.OfType<Action>().Select(Task.Run)).WaitAsync(Bound, cancellationToken)
            .ContinueWith(_ => { }, TaskScheduler.Default);
    }
}
