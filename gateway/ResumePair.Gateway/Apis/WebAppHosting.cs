using Microsoft.Extensions.FileProviders;

namespace ResumePair.Gateway.Apis;

/// <summary>
/// Serves the single-page web app built into <c>wwwroot</c> (see gateway/web). Hashed assets are cached
/// for a year; index.html never, so a deploy is picked up on the next navigation. Only a GET or HEAD
/// (a browser navigation) falls back to the app, and never under /api, /internal, /openapi, /health or /alive:
/// anything else that matches no route is a 404 problem.
/// </summary>
public static class WebAppHosting
{
    public static WebApplication UseWebApp(this WebApplication app)
    {
        var root = app.Environment.WebRootFileProvider;
        app.UseDefaultFiles();
        app.UseStaticFiles(new StaticFileOptions
        {
            OnPrepareResponse = ctx => ctx.Context.Response.Headers.CacheControl =
                ctx.Context.Request.Path.StartsWithSegments("/assets") ? "public, max-age=31536000, immutable" : "no-cache",
        });
        app.MapFallback(async context =>
        {
            var path = context.Request.Path;
            var index = root.GetFileInfo("index.html");
            var navigation = HttpMethods.IsGet(context.Request.Method) || HttpMethods.IsHead(context.Request.Method);
            if (!navigation || !index.Exists || path.StartsWithSegments("/api") || path.StartsWithSegments("/internal")
                || path.StartsWithSegments("/openapi") || path.StartsWithSegments("/health") || path.StartsWithSegments("/alive"))
            {
                await Results.Problem(statusCode: 404, title: "Not found", detail: $"No route matches {path}.").ExecuteAsync(context);
                return;
            }
            context.Response.ContentType = "text/html; charset=utf-8";
            context.Response.Headers.CacheControl = "no-cache";
            await context.Response.SendFileAsync(index, context.RequestAborted);
        }).AllowAnonymous();
        return app;
    }
}
