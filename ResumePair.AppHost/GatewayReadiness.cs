using System.Net.Http.Json;
using System.Text.Json.Serialization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace ResumePair.AppHost;

internal static class GatewayReadiness
{
    /// <summary>
    /// The gateway's resource health is what its /health reports: Healthy only when every replica of every service
    /// behind it is ready, Degraded while some replica is not (a 200 as far as load balancers care, which is all the
    /// plain HTTP check sees). The gateway starts beside the services, so "ready" (the ready line, tests' start) must
    /// wait for all of them, every renderer replica included.
    /// </summary>
    public static IResourceBuilder<ProjectResource> WithDownstreamReadiness(
        this IResourceBuilder<ProjectResource> gateway)
    {
        var key = $"{gateway.Resource.Name}_downstream_check";
        var endpoint = gateway.GetEndpoint("http");
        gateway.ApplicationBuilder.Services.AddHttpClient(key, c => c.Timeout = TimeSpan.FromSeconds(5));
        gateway.ApplicationBuilder.Services.AddHealthChecks().Add(new HealthCheckRegistration(key,
            sp => new ReportedStatusCheck(sp.GetRequiredService<IHttpClientFactory>().CreateClient(key), endpoint),
            failureStatus: null, tags: null));
        return gateway.WithHealthCheck(key);
    }

    private sealed class ReportedStatusCheck(HttpClient http, EndpointReference endpoint) : IHealthCheck
    {
        public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context,
            CancellationToken cancellationToken = default)
        {
            try
            {
                using var response = await http.GetAsync($"{endpoint.Url}/health", cancellationToken);
                var report = await response.Content.ReadFromJsonAsync<Report>(cancellationToken);
                return report?.Status switch
                {
                    nameof(HealthStatus.Healthy) => HealthCheckResult.Healthy(),
                    nameof(HealthStatus.Degraded) => HealthCheckResult.Degraded("Some replicas are not ready yet"),
                    var status => HealthCheckResult.Unhealthy($"The gateway reports {status ?? "nothing"}"),
                };
            }
            catch (Exception e)
                when (e is HttpRequestException or TaskCanceledException or System.Text.Json.JsonException
                    && !cancellationToken.IsCancellationRequested
                )
            {
                return HealthCheckResult.Unhealthy(e.Message, e);
            }
        }

        private sealed record Report([property: JsonPropertyName("status")] string? Status);
    }
}
