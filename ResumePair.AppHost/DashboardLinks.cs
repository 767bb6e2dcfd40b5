using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace ResumePair.AppHost;

internal static class DashboardLinks
{
    // The name Aspire gives the dashboard's resource when the run has one (KnownResourceNames is internal).
    private const string DashboardResource = "aspire-dashboard";

    /// <summary>
    /// Tells the service where the Aspire dashboard is (<c>Dashboard__Url</c>), so its pages can link to their
    /// telemetry there (the ops page: each job's trace). Only when this run has a dashboard: tests run without one.
    /// </summary>
    public static IResourceBuilder<ProjectResource> WithDashboardLinks(
        this IResourceBuilder<ProjectResource> service
    ) =>
        service.WithEnvironment(context =>
        {
            var services = context.ExecutionContext.Services;
            var model = services.GetRequiredService<DistributedApplicationModel>();
            // ASPNETCORE_URLS is the dashboard's own address (scripts/run.sh, the http launch profile).
            if (
                model.Resources.Any(r => r.Name == DashboardResource)
                && services.GetRequiredService<IConfiguration>()["ASPNETCORE_URLS"] is { } urls
            )
                context.EnvironmentVariables["Dashboard__Url"] = urls.Split(';')[0];
        });
}
