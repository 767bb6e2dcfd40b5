using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using ResumePair.ServiceDefaults.Http;

namespace ResumePair.ServiceDefaults.Health;

/// <summary>/alive: the process is up. /health: it is ready, every dependency reachable.</summary>
public static class HealthEndpoints
{
    public const string LiveTag = "live";

    public static IHostApplicationBuilder AddDefaultHealthChecks(this IHostApplicationBuilder builder)
    {
        builder.Services.AddHealthChecks().AddCheck("self", () => HealthCheckResult.Healthy(), [LiveTag]);
        return builder;
    }

    public static WebApplication MapHealthEndpoints(this WebApplication app)
    {
        app.MapHealthChecks("/health", new HealthCheckOptions { ResponseWriter = WriteJson }).AllowAnonymous();
        app.MapHealthChecks(
                "/alive",
                new HealthCheckOptions { Predicate = r => r.Tags.Contains(LiveTag), ResponseWriter = WriteJson }
            )
            .AllowAnonymous();
        return app;
    }

    /// <summary>
    /// Status for everyone (load balancers, probes); what each check says (addresses of internal replicas, errors)
    /// only for operators (<see cref="OperatorAccess"/>): a public gateway must not map the network behind it.
    /// </summary>
    private static Task WriteJson(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json";
        context.Response.Headers.CacheControl = "no-store";
        var detail = OperatorAccess.IsOperator(context);
        var body = new
        {
            status = report.Status.ToString(),
            durationMs = report.TotalDuration.TotalMilliseconds,
            checks = report.Entries.Select(e => new
            {
                name = e.Key,
                status = e.Value.Status.ToString(),
                description = detail ? e.Value.Description ?? e.Value.Exception?.Message : null,
                durationMs = e.Value.Duration.TotalMilliseconds,
                data = detail && e.Value.Data.Count > 0 ? e.Value.Data : null,
            }),
        };
        return context.Response.WriteAsync(
            JsonSerializer.Serialize(body, JsonSerializerOptions.Web),
            context.RequestAborted
        );
    }
}
