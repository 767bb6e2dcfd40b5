using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ResumePair.AppHost;

internal static class ReadyBanner
{
    /// <summary>The line scripts and people wait for: the gateway, and so everything behind it, is healthy.</summary>
    public static IResourceBuilder<ProjectResource> WithReadyBanner(this IResourceBuilder<ProjectResource> gateway) =>
        gateway.OnResourceReady((resource, @event, _) =>
        {
            var logger = @event.Services.GetRequiredService<ILoggerFactory>().CreateLogger("ResumePair");
            var configuration = @event.Services.GetRequiredService<IConfiguration>();
            logger.LogInformation("ResumePair is ready: http://127.0.0.1:{Port}", resource.GetEndpoint("http").Port);
            if (configuration["ASPNETCORE_URLS"] is { } dashboard
                && configuration["ASPIRE_DASHBOARD_FRONTEND_BROWSERTOKEN"] is { } token)
                logger.LogInformation("Dashboard: {Url}/login?t={Token}", dashboard.Split(';')[0], token);
            return Task.CompletedTask;
        });
}
