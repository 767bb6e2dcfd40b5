using Microsoft.Extensions.Options;

namespace ResumePair.Documents.Accounts;

/// <summary>
/// The refresh token for browsers: an <c>HttpOnly; Secure; SameSite=Strict</c> cookie sent only to the refresh route,
/// so script on the page (an XSS) can never read it and another site can never make the browser send it. The web app
/// keeps only the short-lived access token, in memory. A client that asks with <see cref="TransportHeader"/>: cookie
/// gets no refresh token in the JSON body; other clients (scripts, partners) keep the body token of the contract.
/// Browsers accept Secure cookies over plain http on localhost and 127.0.0.1 (potentially trustworthy origins).
/// </summary>
public sealed class RefreshCookie(IOptions<AccountOptions> options)
{
    public const string Name = "rp_refresh";
    public const string Path = "/api/v1/auth/refresh";
    public const string TransportHeader = "X-Refresh-Token-Transport";

    /// <summary>Sets the cookie and the no-store header on a token answer; returns the body to send.</summary>
    public TokenResponse Issue(HttpContext http, TokenResponse tokens)
    {
        http.Response.Cookies.Append(Name, tokens.RefreshToken!, Options(options.Value.RefreshTokenLifetime));
        NoStore(http);
        return CookieOnly(http) ? tokens with { RefreshToken = null } : tokens;
    }

    public static void Clear(HttpContext http) => http.Response.Cookies.Append(Name, "", Options(TimeSpan.Zero));

    public static string? From(HttpContext http) => http.Request.Cookies[Name] is { Length: > 0 } token ? token : null;

    /// <summary>Token answers must never sit in a cache (browser, proxy) where the next user of the machine finds
    /// them.</summary>
    public static void NoStore(HttpContext http)
    {
        http.Response.Headers.CacheControl = "no-store";
        http.Response.Headers.Pragma = "no-cache";
    }

    private static bool CookieOnly(HttpContext http) =>
        string.Equals(http.Request.Headers[TransportHeader], "cookie", StringComparison.OrdinalIgnoreCase);

    private static CookieOptions Options(TimeSpan lifetime) => new()
    {
        HttpOnly = true,
        Secure = true,
        SameSite = SameSiteMode.Strict,
        Path = Path,
        MaxAge = lifetime,
        IsEssential = true,
    };
}
