using OpenTelemetry.Metrics;

namespace ResumePair.Gateway.Telemetry;

/// <summary>
/// The gateway's metrics are what only the edge can tell: its own <c>http.server.*</c> instruments (every request's
/// duration and the requests in flight, as clients see them) and Kestrel's connections. Dropped here, in the gateway
/// only, are the instruments that record every request again without telling anything the services do not: HttpClient's
/// <c>http.client.*</c> (each forwarded request would be counted a second time as a client call; the service behind
/// it reports the same request as its <c>http.server.request.duration</c>), name resolution, routing match attempts,
/// authentication and authorization per request, and Kestrel's memory pool. A dropped instrument is never enabled, so
/// recording to it costs nothing (bench/README.md, "Gateway: metric views"). Traces still carry every request.
/// </summary>
public static class GatewayMetrics
{
    public static readonly IReadOnlySet<string> DroppedMeters = new HashSet<string>(StringComparer.Ordinal)
    {
        "System.Net.Http",
        "System.Net.NameResolution",
        "Microsoft.AspNetCore.Routing",
        "Microsoft.AspNetCore.Authentication",
        "Microsoft.AspNetCore.Authorization",
        "Microsoft.AspNetCore.MemoryPool",
    };

    public static IHostApplicationBuilder AddGatewayMetrics(this IHostApplicationBuilder builder)
    {
        builder.Services.ConfigureOpenTelemetryMeterProvider(metrics => metrics.AddView(instrument =>
            DroppedMeters.Contains(instrument.Meter.Name) ? MetricStreamConfiguration.Drop : null));
        return builder;
    }
}
