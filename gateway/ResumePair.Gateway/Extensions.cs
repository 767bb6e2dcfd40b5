using Microsoft.AspNetCore.Authorization;
using ResumePair.Gateway.Auth;
using ResumePair.Gateway.Health;
using ResumePair.Gateway.Hosting;
using ResumePair.Gateway.Middleware;
using ResumePair.Gateway.Routing;
using ResumePair.Gateway.Sessions;
using ResumePair.Gateway.Telemetry;
using ResumePair.ServiceDefaults.Auth;
using ResumePair.ServiceDefaults.Http;
using ResumePair.Web.Internal;

namespace ResumePair.Gateway;

public static class Extensions
{
    public static IHostApplicationBuilder AddApplicationServices(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<RequestLogOptions>().BindConfiguration(RequestLogOptions.Section);
        builder.AddGatewayMetrics();
        builder.AddInlineIo();
        builder.AddRejectedRequestProblems();
        builder.AddDefaultJwtValidation();
        builder.AddValidatedTokenCache();
        builder.Services.AddAuthorizationBuilder()
            .AddPolicy(GatewayPolicies.Admin, p => p.RequireAuthenticatedUser().RequireClaim("role", "admin"))
            .SetDefaultPolicy(new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build());

        var (routes, clusters) = GatewayRouteTable.Build();
        builder.Services.AddReverseProxy().LoadFromMemory(routes, clusters).AddServiceDiscoveryDestinationResolver()
            .AddTraceContextForwarding();

        builder.Services.AddOptions<SessionCheckOptions>().BindConfiguration(SessionCheckOptions.Section);
        builder.Services.AddMemoryCache(o => o.SizeLimit = 100_000);
        builder.Services.AddHttpClient<SessionChecker>(c => c.BaseAddress = new Uri("http://documents"))
            .AddServiceResilience(TimeSpan.FromSeconds(2)).AddInternalSigning();
        // No retry layer: the next read comes a second later anyway, and an outage must show as a feed that ages.
        builder.Services.AddHttpClient(SessionRevocationFeed.HttpClientName, c =>
            {
                c.BaseAddress = new Uri("http://documents");
                c.Timeout = TimeSpan.FromSeconds(2);
            })
            .AddServiceDiscovery().AddInternalSigning();
        builder.Services.AddSingleton<SessionRevocationFeed>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<SessionRevocationFeed>());

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
