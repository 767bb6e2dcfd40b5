using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using ResumePair.ServiceDefaults.Health;
using ResumePair.ServiceDefaults.Http;
using ResumePair.ServiceDefaults.Localization;
using ResumePair.ServiceDefaults.OpenApi;
using ResumePair.ServiceDefaults.Problems;
using ResumePair.ServiceDefaults.Telemetry;

namespace ResumePair.ServiceDefaults;

/// <summary>What every ResumePair process gets: telemetry, health, problem details, one clock, service
/// discovery.</summary>
public static class Extensions
{
    public static TBuilder AddServiceDefaults<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        builder.ConfigureTelemetry();
        builder.AddDefaultHealthChecks();
        builder.AddDefaultLocalization();
        builder.AddDefaultProblemDetails();
        builder.Services.AddSingleton(TimeProvider.System);
        // Clients of other services opt in per client (AddServiceResilience): resilience around discovery.
        builder.Services.AddServiceDiscovery();
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(20));
        builder.AddDefaultOpenApi();
        return builder;
    }

    public static WebApplication MapDefaultEndpoints(this WebApplication app)
    {
        app.UseServerTiming(app.Configuration["OTEL_SERVICE_NAME"] ?? app.Environment.ApplicationName);
        // Before the exception handler, so its problems are in the request's language too.
        app.UseRequestLocalization();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.MapHealthEndpoints();
        app.MapOpenApi("/openapi/{documentName}.json");
        return app;
    }
}
