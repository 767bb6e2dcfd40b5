using Microsoft.AspNetCore.Authorization;
using ResumePair.Gateway.Health;
using ResumePair.Gateway.Middleware;
using ResumePair.Gateway.Routing;
using ResumePair.ServiceDefaults.Auth;

namespace ResumePair.Gateway;

public static class Extensions
{
    public static IHostApplicationBuilder AddApplicationServices(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<RequestLogOptions>().BindConfiguration(RequestLogOptions.Section);
        builder.AddDefaultJwtValidation();
        builder.Services.AddAuthorizationBuilder()
            .AddPolicy(GatewayPolicies.Admin, p => p.RequireAuthenticatedUser().RequireClaim("role", "admin"))
            .SetDefaultPolicy(new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build());

        var (routes, clusters) = GatewayRouteTable.Build();
        builder.Services.AddReverseProxy().LoadFromMemory(routes, clusters).AddServiceDiscoveryDestinationResolver();

        builder.Services.AddHttpClient(DownstreamHealthCheck.HttpClientName, c => c.Timeout = TimeSpan.FromSeconds(3));
        builder.Services.AddHealthChecks().AddDownstreamServices();
        return builder;
    }

    public static WebApplication UseRequestCorrelation(this WebApplication app)
    {
        app.UseMiddleware<RequestCorrelationMiddleware>();
        return app;
    }
}
