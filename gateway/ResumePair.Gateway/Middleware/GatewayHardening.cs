namespace ResumePair.Gateway.Middleware;

public static class GatewayHardening
{
    /// <summary>Browser security headers on every answer, body limits before anything is forwarded, HEAD as
    /// GET.</summary>
    public static WebApplication UseGatewayHardening(this WebApplication app)
    {
        app.UseMiddleware<SecurityHeadersMiddleware>();
        app.UseMiddleware<RequestBodyLimitMiddleware>();
        app.UseMiddleware<HeadRequestMiddleware>();
        return app;
    }
}
