using System.Diagnostics;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using ResumePair.Gateway.Routing;
using ResumePair.ServiceDefaults.Discovery;

namespace ResumePair.Gateway.Health;

/// <summary>The gateway is ready when every service behind it has at least one ready replica; each replica is reported.</summary>
public sealed class DownstreamHealthCheck(IHttpClientFactory httpClients, IReadOnlyList<string> replicaUrls) : IHealthCheck
{
    public const string HttpClientName = "downstream-health";

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (replicaUrls.Count == 0) return HealthCheckResult.Unhealthy("No replicas configured");
        var client = httpClients.CreateClient(HttpClientName);
        var results = await Task.WhenAll(replicaUrls.Select(async url =>
        {
            var started = Stopwatch.GetTimestamp();
            try
            {
                using var response = await client.GetAsync(url.TrimEnd('/') + "/health", cancellationToken);
                return (url, healthy: response.IsSuccessStatusCode, detail: $"{(int)response.StatusCode} in {Stopwatch.GetElapsedTime(started).TotalMilliseconds:0} ms");
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                return (url, healthy: false, detail: e.Message);
            }
        }));
        var data = results.ToDictionary(r => r.url, r => (object)((r.healthy ? "Healthy: " : "Unhealthy: ") + r.detail));
        var healthy = results.Count(r => r.healthy);
        return healthy == results.Length ? HealthCheckResult.Healthy($"{healthy}/{results.Length} replicas ready", data)
             : healthy > 0 ? HealthCheckResult.Degraded($"{healthy}/{results.Length} replicas ready", data: data)
             : HealthCheckResult.Unhealthy($"0/{results.Length} replicas ready", data: data);
    }
}

public static class DownstreamHealthCheckExtensions
{
    public static IHealthChecksBuilder AddDownstreamServices(this IHealthChecksBuilder builder, IConfiguration configuration)
    {
        foreach (var service in GatewayRouteTable.Services)
        {
            var urls = ServiceEndpoints.GetUrls(configuration, service);
            builder.Add(new HealthCheckRegistration(service,
                sp => new DownstreamHealthCheck(sp.GetRequiredService<IHttpClientFactory>(), urls), HealthStatus.Unhealthy, ["downstream"]));
        }
        return builder;
    }
}
