using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace ResumePair.ServiceDefaults.Discovery;

/// <summary>
/// Aspire's service-discovery convention without the package (it is not in our registry):
/// <c>services__{name}__http__{i}</c> lists the base URLs of every replica of a service, and an
/// HttpClient whose base address is <c>http://{name}</c> is sent to one of them, round-robin.
/// </summary>
public static class ServiceEndpoints
{
    public static IReadOnlyList<string> GetUrls(IConfiguration configuration, string serviceName, string scheme = "http") =>
        configuration.GetSection($"services:{serviceName}:{scheme}").GetChildren()
            .OrderBy(c => int.TryParse(c.Key, out var i) ? i : int.MaxValue)
            .Select(c => c.Value)
            .OfType<string>()
            .Where(v => v.Length > 0)
            .ToArray();

    public static IServiceCollection AddServiceDiscovery(this IServiceCollection services)
    {
        services.AddTransient<ServiceDiscoveryHandler>();
        services.ConfigureHttpClientDefaults(http => http.AddHttpMessageHandler<ServiceDiscoveryHandler>());
        return services;
    }
}

/// <summary>Rewrites <c>http://{service}/path</c> to a configured replica's address.</summary>
public sealed class ServiceDiscoveryHandler(IConfiguration configuration) : DelegatingHandler
{
    private static int _next;

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var uri = request.RequestUri;
        if (uri is { IsAbsoluteUri: true } && !uri.Host.Contains('.') && uri.Host != "localhost")
        {
            var urls = ServiceEndpoints.GetUrls(configuration, uri.Host, uri.Scheme);
            if (urls.Count > 0)
            {
                var target = new Uri(urls[(int)((uint)Interlocked.Increment(ref _next) % urls.Count)]);
                request.RequestUri = new UriBuilder(uri) { Scheme = target.Scheme, Host = target.Host, Port = target.Port }.Uri;
            }
        }
        return base.SendAsync(request, cancellationToken);
    }
}
