using Microsoft.AspNetCore.Authorization;
using OpenTelemetry.Trace;
using ResumePair.Gateway.Health;
using ResumePair.Gateway.Middleware;
using ResumePair.Gateway.Routing;
using ResumePair.Gateway.Sessions;
using ResumePair.ServiceDefaults.Auth;
using ResumePair.ServiceDefaults.Http;
using ResumePair.Web.Internal;

namespace ResumePair.Gateway;

public static class Extensions
{
    public static IHostApplicationBuilder AddApplicationServices(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<RequestLogOptions>().BindConfiguration(RequestLogOptions.Section);
        builder.AddRejectedRequestProblems();
        builder.AddDefaultJwtValidation();
        builder.Services.AddAuthorizationBuilder()
            .AddPolicy(GatewayPolicies.Admin, p => p.RequireAuthenticatedUser().RequireClaim("role", "admin"))
            .SetDefaultPolicy(new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build());

        var (routes, clusters) = GatewayRouteTable.Build();
        builder.Services.AddReverseProxy().LoadFromMemory(routes, clusters).AddServiceDiscoveryDestinationResolver();
        // The forwarder's own spans (YARP has no instrumentation package).
        builder.Services.AddOpenTelemetry().WithTracing(tracing => tracing.AddSource("Yarp.ReverseProxy"));

        builder.Services.AddOptions<SessionCheckOptions>().BindConfiguration(SessionCheckOptions.Section);
        builder.Services.AddMemoryCache(o => o.SizeLimit = 100_000);
        builder.Services.AddHttpClient<SessionChecker>(c => c.BaseAddress = new Uri("http://documents"))
            .AddServiceResilience(TimeSpan.FromSeconds(2)).AddInternalSigning();

        builder.Services.AddHttpClient(DownstreamHealthCheck.HttpClientName, c => c.Timeout = TimeSpan.FromSeconds(3));
        builder.Services.AddHealthChecks().AddDownstreamServices();
        return builder;
    }

    /// <summary>After authentication: a signed-out session's access token is refused at the edge.</summary>
    public static WebApplication UseSessionCheck(this WebApplication app)
    {
        app.UseMiddleware<SessionCheckMiddleware>();
        return app;
    }

    public static WebApplication UseRequestCorrelation(this WebApplication app)
    {
        app.UseMiddleware<RequestCorrelationMiddleware>();
        return app;
    }
}
