using System.Diagnostics;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using ResumePair.Gateway.Routing;
using Yarp.ReverseProxy;

namespace ResumePair.Gateway.Health;

/// <summary>
/// The gateway is ready when every service behind it has at least one ready replica; each replica is reported.
/// The replicas are the proxy's own destinations for the service (as service discovery resolved them).
/// </summary>
public sealed class DownstreamHealthCheck(IHttpClientFactory httpClients, IProxyStateLookup proxy, string service)
    : IHealthCheck
{
    public const string HttpClientName = "downstream-health";

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context,
        CancellationToken cancellationToken = default)
    {
        var replicaUrls = proxy.TryGetCluster(service, out var cluster)
            ? cluster.Destinations.Values.Select(d => d.Model.Config.Health ?? d.Model.Config.Address).ToArray()
            : [];
        if (replicaUrls.Length == 0) return HealthCheckResult.Unhealthy("No replicas configured");
        var client = httpClients.CreateClient(HttpClientName);
        var results = await Task.WhenAll(replicaUrls.Select(async url =>
        {
            var started = Stopwatch.GetTimestamp();
            try
            {
                using var response = await client.GetAsync(url.TrimEnd('/') + "/health", cancellationToken);
                var elapsed = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                var detail = $"{(int)response.StatusCode} in {elapsed:0} ms";
                return (url, healthy: response.IsSuccessStatusCode, detail);
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                return (url, healthy: false, detail: e.Message);
            }
        }));
        var data = results.ToDictionary(r => r.url,
            r => (object)((r.healthy ? "Healthy: " : "Unhealthy: ") + r.detail));
        var healthy = results.Count(r => r.healthy);
        var summary = $"{healthy}/{results.Length} replicas ready";
        return healthy == results.Length ? HealthCheckResult.Healthy(summary, data)
             : healthy > 0 ? HealthCheckResult.Degraded(summary, data: data)
             : HealthCheckResult.Unhealthy(summary, data: data);
    }
}

public static class DownstreamHealthCheckExtensions
{
    public static IHealthChecksBuilder AddDownstreamServices(this IHealthChecksBuilder builder)
    {
        foreach (var service in GatewayRouteTable.Services)
        {
            builder.Add(new HealthCheckRegistration(service, sp => new DownstreamHealthCheck(
                sp.GetRequiredService<IHttpClientFactory>(), sp.GetRequiredService<IProxyStateLookup>(), service),
                HealthStatus.Unhealthy, ["downstream"]));
        }
        return builder;
    }
}
