namespace ResumePair.Gateway.Middleware;

public static class GatewayHardening
{
    /// <summary>Browser security headers on every answer, and body limits before anything is forwarded.</summary>
    public static WebApplication UseGatewayHardening(this WebApplication app)
    {
        app.UseMiddleware<SecurityHeadersMiddleware>();
        app.UseMiddleware<RequestBodyLimitMiddleware>();
        return app;
    }
}
