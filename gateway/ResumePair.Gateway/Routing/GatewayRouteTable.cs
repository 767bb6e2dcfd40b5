using Yarp.ReverseProxy.Configuration;
using Yarp.ReverseProxy.Forwarder;

namespace ResumePair.Gateway.Routing;

public static class GatewayPolicies
{
    /// <summary>YARP's built-in names: no authorization, or the default policy (any signed-in user).</summary>
    public const string Anonymous = "anonymous";
    public const string SignedIn = "default";
    public const string Admin = "admin";
}

/// <summary>
/// The public surface: which path goes to which service and who may call it. The gateway rejects a
/// missing or invalid token before the request leaves it; services still check ownership themselves.
/// </summary>
public static class GatewayRouteTable
{
    public sealed record Route(string Id, string Path, string Service, string Policy, int Order = 50);

    public static readonly IReadOnlyList<Route> Routes =
    [
        // Accounts: the sign-in flows are open, everything else about the account needs a token.
        new("auth-open", "/api/v1/auth/{action:regex(^(register|login|refresh)$)}", "documents",
            GatewayPolicies.Anonymous, 10),
        new("auth-password", "/api/v1/auth/password/{**rest}", "documents", GatewayPolicies.Anonymous, 10),
        new("auth-email-verify", "/api/v1/auth/email/verify", "documents", GatewayPolicies.Anonymous, 10),
        new("auth", "/api/v1/auth/{**rest}", "documents", GatewayPolicies.SignedIn),
        // Nothing under /api/v1/dev is ever routed: the development mailbox holds reset and verification tokens.
        new("documents", "/api/v1/documents/{**rest}", "documents", GatewayPolicies.SignedIn),
        // Presigned photo upload and signed photo download URLs carry their own authorization.
        new("photo-uploads", "/api/v1/photos/uploads/{token}", "documents", GatewayPolicies.Anonymous, 10),
        new("photo-files", "/api/v1/photos/files/{token}", "documents", GatewayPolicies.Anonymous, 10),
        new("photos", "/api/v1/photos/{**rest}", "documents", GatewayPolicies.SignedIn),
        // Published resumes: the link (and its optional password) is the authorization; documents owns the shares.
        new("shares", "/r/{**rest}", "documents", GatewayPolicies.Anonymous, 10),
        // Templates and their previews are printed by the renderer, so the renderer describes them.
        new("templates", "/api/v1/templates/{**rest}", "pdf-renderer", GatewayPolicies.Anonymous),
        new("ai", "/api/v1/ai/{**rest}", "ai-proxy", GatewayPolicies.SignedIn),
        // A signed file URL is its own authorization (it is what a browser's download follows).
        new("export-files", "/api/v1/export/files/{token}", "export-orchestrator", GatewayPolicies.Anonymous, 10),
        new("export", "/api/v1/export/{**rest}", "export-orchestrator", GatewayPolicies.SignedIn),
        // Resume import (PDF/DOCX upload) runs as a job on the export engine.
        new("imports", "/api/v1/imports/{**rest}", "export-orchestrator", GatewayPolicies.SignedIn),
        new("jobs", "/api/v1/jobs/{**rest}", "export-orchestrator", GatewayPolicies.Admin),
    ];

    public static readonly IReadOnlyList<string> Services = Routes.Select(r => r.Service).Distinct().ToArray();

    /// <summary>
    /// One destination per service, <c>http://{service}</c>: Microsoft.Extensions.ServiceDiscovery.Yarp's resolver
    /// expands it into one destination per replica (<c>services__{service}__http__{i}</c>), health address included.
    /// </summary>
    public static (IReadOnlyList<RouteConfig> Routes, IReadOnlyList<ClusterConfig> Clusters) Build()
    {
        var routes = Routes.Select(r => new RouteConfig
        {
            RouteId = r.Id,
            ClusterId = r.Service,
            Order = r.Order,
            AuthorizationPolicy = r.Policy,
            Match = new RouteMatch { Path = r.Path },
            Transforms = [ForwardedSet],
        }).Concat(Services.Select(OpenApiRoute)).ToArray();

        var clusters = Services.Select(service => new ClusterConfig
        {
            ClusterId = service,
            LoadBalancingPolicy = "RoundRobin",
            Destinations = new Dictionary<string, DestinationConfig>
            {
                [service] = new() { Address = $"http://{service}", Health = $"http://{service}" },
            },
            HealthCheck = new HealthCheckConfig
            {
                // Active checks take a replica out of rotation when its /health fails (e.g. its database
                // connection is gone); passive checks react at once to connection failures. Every 2 s with two
                // consecutive failures: the fault drills measured ~9 s of 502s for a killed replica at 5 s.
                Active = new ActiveHealthCheckConfig
                {
                    Enabled = true,
                    Interval = TimeSpan.FromSeconds(2),
                    Timeout = TimeSpan.FromSeconds(2),
                    Policy = "ConsecutiveFailures",
                    Path = "/health",
                },
                Passive = new PassiveHealthCheckConfig
                {
                    Enabled = true, Policy = "TransportFailureRate", ReactivationPeriod = TimeSpan.FromSeconds(10),
                },
                AvailableDestinationsPolicy = "HealthyOrPanic",
            },
            HttpRequest = new ForwarderRequestConfig { ActivityTimeout = TimeSpan.FromMinutes(10) },
            // Kestrel accepts UTF-8 header values (User-Agent: résumé); the forwarder's default, ASCII only,
            // made them a 502.
            HttpClient = new HttpClientConfig { RequestHeaderEncoding = "utf-8" },
        }).ToArray();
        return (routes, clusters);
    }

    /// <summary>
    /// X-Forwarded-* written afresh from the connection the gateway saw, any client-sent values (and Forwarded)
    /// dropped: services limit and lock per client address, and a client must not choose its own.
    /// </summary>
    private static readonly Dictionary<string, string> ForwardedSet = new() { ["X-Forwarded"] = "Set" };

    /// <summary>Where <c>/api/docs</c> (Scalar) reads a service's OpenAPI document through the gateway.</summary>
    public static string OpenApiPath(string service) => $"/api/docs/openapi/{service}.json";

    /// <summary>
    /// A service's own OpenAPI document, proxied. Its server URL comes from configuration (OpenApiDefaults), relative
    /// by default, so "try it" in the reference goes through the gateway too.
    /// </summary>
    private static RouteConfig OpenApiRoute(string service) => new()
    {
        RouteId = $"openapi-{service}",
        ClusterId = service,
        Order = 10,
        AuthorizationPolicy = GatewayPolicies.Anonymous,
        Match = new RouteMatch { Path = OpenApiPath(service), Methods = ["GET", "HEAD"] },
        Transforms =
        [
            new Dictionary<string, string> { ["PathSet"] = "/openapi/v1.json" },
            ForwardedSet,
        ],
    };
}
