using Microsoft.Extensions.FileProviders;
using ResumePair.Gateway.Middleware;

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
        // No UseDefaultFiles: "/" reaches the fallback below, which stamps each page with its own CSP nonce.
        app.UseStaticFiles(
            new StaticFileOptions
            {
                OnPrepareResponse = ctx =>
                    ctx.Context.Response.Headers.CacheControl = ctx.Context.Request.Path.StartsWithSegments("/assets")
                        ? "public, max-age=31536000, immutable"
                        : "no-cache",
            }
        );
        app.MapFallback(async context =>
            {
                var path = context.Request.Path;
                var index = root.GetFileInfo("index.html");
                var navigation =
                    HttpMethods.IsGet(context.Request.Method) || HttpMethods.IsHead(context.Request.Method);
                if (
                    !navigation
                    || !index.Exists
                    || path.StartsWithSegments("/api")
                    || path.StartsWithSegments("/internal")
                    || path.StartsWithSegments("/openapi")
                    || path.StartsWithSegments("/health")
                    || path.StartsWithSegments("/alive")
                )
                {
                    await Results
                        .Problem(statusCode: 404, title: "Not found", detail: $"No route matches {path}.")
                        .ExecuteAsync(context);
                    return;
                }
                context.Response.ContentType = "text/html; charset=utf-8";
                context.Response.Headers.CacheControl = "no-cache";
                await context.Response.WriteAsync(await WithNonceAsync(context, index), context.RequestAborted);
            })
            .AllowAnonymous();
        return app;
    }

    /// <summary>
    /// index.html with a fresh nonce in <c>&lt;meta name="rp-csp-nonce"&gt;</c>, allowed by this response's policy
    /// (<see cref="SecurityHeadersMiddleware.NonceKey"/>): the preview frame's inline scripts carry it.
    /// </summary>
    private static async Task<string> WithNonceAsync(HttpContext context, IFileInfo index)
    {
        var nonce = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(18));
        context.Items[SecurityHeadersMiddleware.NonceKey] = nonce;
        await using var stream = index.CreateReadStream();
        var html = await new StreamReader(stream).ReadToEndAsync(context.RequestAborted);
        var at = html.IndexOf("<head>", StringComparison.OrdinalIgnoreCase);
        var meta = $"<meta name=\"rp-csp-nonce\" content=\"{nonce}\">";
        return at < 0 ? meta + html : html.Insert(at + "<head>".Length, meta);
    }
}
