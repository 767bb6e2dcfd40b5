using ResumePair.Gateway.Routing;
using Scalar.AspNetCore;

namespace ResumePair.Gateway.Docs;

/// <summary>
/// <c>/api/docs</c>: Scalar's API reference over the gateway's and every service's OpenAPI document. The page's one
/// inline script (Scalar's configuration) carries a fresh nonce that the page's Content-Security-Policy names
/// (SecurityHeadersMiddleware); everything else is served from this origin: no CDN fonts, no telemetry calls.
/// </summary>
public static class ApiReference
{
    public static WebApplication MapApiReference(this WebApplication app)
    {
        app.MapScalarApiReference("/api/docs", o =>
        {
            o.Title = "ResumePair API reference";
            o.WithNonce();
            o.DefaultFonts = false;
            o.Telemetry = false;
            foreach (var service in GatewayRouteTable.Services)
                o.AddDocument(service, service, GatewayRouteTable.OpenApiPath(service));
            o.AddDocument("gateway", "gateway", "/openapi/v1.json");
        }).AllowAnonymous();
        return app;
    }
}
