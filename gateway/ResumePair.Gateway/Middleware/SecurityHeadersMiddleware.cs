using Scalar.AspNetCore;

namespace ResumePair.Gateway.Middleware;

/// <summary>
/// Browser hardening on every answer of the gateway: the web app, <c>/api/docs</c>, API answers and errors alike.
/// Pages may run only scripts served from this origin (no inline script, no eval), may not be framed, send no
/// referrer (links carry signed tokens), and nothing is sniffed into another type. HSTS is sent only over TLS:
/// on plain http a browser ignores it, and a proxy terminating TLS in front of us sets it itself.
/// </summary>
public sealed class SecurityHeadersMiddleware(RequestDelegate next)
{
    /// <summary>
    /// Styles may be inline: the preview iframe (srcdoc, sandboxed without scripts) shows the renderer's HTML with its
    /// own style block, and an srcdoc document inherits this policy. Images may be data: or blob: (photo previews).
    /// </summary>
    public const string PagePolicy = "default-src 'self'; script-src 'self'{0}; style-src 'self' 'unsafe-inline'; "
        + "img-src 'self' data: blob:; font-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; "
        + "form-action 'self'; frame-src 'self'; frame-ancestors 'none'";

    /// <summary>
    /// Set by whoever serves a page (<see cref="Apis.WebAppHosting"/>) to allow that response's inline scripts that
    /// carry it: the editor's paged preview is an srcdoc frame, which inherits this policy, and runs Paged.js inline
    /// (sandboxed, opaque origin). The app's own page has no inline script; a nonce is fresh for every response.
    /// Scalar's page (/api/docs) puts its own fresh nonce under ScalarOptions.NonceHttpContextItemKey.
    /// </summary>
    public static readonly object NonceKey = new();

    /// <summary>API answers are data, never documents: nothing in them may load or run.</summary>
    public const string ApiPolicy = "default-src 'none'; frame-ancestors 'none'";

    /// <summary>Chromium's PDF viewer stops working under <c>default-src 'none'</c> or <c>sandbox</c>.</summary>
    public const string PdfPolicy = "frame-ancestors 'self'";

    public Task InvokeAsync(HttpContext context)
    {
        context.Response.OnStarting(static state =>
        {
            var http = (HttpContext)state;
            var headers = http.Response.Headers;
            var type = http.Response.ContentType ?? "";
            var nonce = http.Items.TryGetValue(NonceKey, out var n)
                || http.Items.TryGetValue(ScalarOptions.NonceHttpContextItemKey, out n) ? $" 'nonce-{n}'" : "";
            headers.ContentSecurityPolicy = type.StartsWith("text/html", StringComparison.OrdinalIgnoreCase)
                ? string.Format(System.Globalization.CultureInfo.InvariantCulture, PagePolicy, nonce)
                : type.StartsWith("application/pdf", StringComparison.OrdinalIgnoreCase) ? PdfPolicy
                : ApiPolicy;
            headers.XContentTypeOptions = "nosniff";
            headers.XFrameOptions = "DENY";
            headers["Referrer-Policy"] = "no-referrer";
            headers["Cross-Origin-Opener-Policy"] = "same-origin";
            if (http.Request.IsHttps) headers.StrictTransportSecurity = "max-age=31536000; includeSubDomains";
            return Task.CompletedTask;
        }, context);
        return next(context);
    }
}
