using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http.HttpResults;

namespace ResumePair.Gateway.Sessions;

/// <summary>
/// Access tokens are checked against their session at the edge: after sign-out (or revocation, a password reset,
/// refresh-token reuse) the token is refused with 401 instead of working until it expires.
/// </summary>
public sealed partial class SessionCheckMiddleware(RequestDelegate next, SessionChecker sessions)
{
    public async Task InvokeAsync(HttpContext http)
    {
        if (SessionOf(http) is not { } sessionId || IsEntryPoint(http.Request.Path))
        {
            await next(http);
            return;
        }
        if (!await sessions.IsLiveAsync(sessionId, http.RequestAborted))
        {
            http.Response.Headers.WWWAuthenticate =
                "Bearer error=\"invalid_token\", error_description=\"The session has ended\"";
            await TypedResults.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "Session ended",
                detail: "This sign-in has ended (signed out or revoked). Sign in again.").ExecuteAsync(http);
            return;
        }
        await next(http);
        if (http.Response.StatusCode != StatusCodes.Status204NoContent) return;
        var path = http.Request.Path.Value ?? "";
        if (HttpMethods.IsPost(http.Request.Method) && path.Equals("/api/v1/auth/logout",
            StringComparison.OrdinalIgnoreCase))
            sessions.Revoked(sessionId);
        else if (HttpMethods.IsDelete(http.Request.Method) && SessionRoute().Match(path) is { Success: true } m
                 && Guid.TryParse(m.Groups[1].Value, out var revoked))
            sessions.Revoked(revoked);
    }

    private static Guid? SessionOf(HttpContext http) =>
        http.User.Identity?.IsAuthenticated == true && Guid.TryParse(http.User.FindFirst("sid")?.Value, out var id)
            ? id : null;

    /// <summary>Where a client starts a new session: an old token sent along must not stand in its way.</summary>
    private static bool IsEntryPoint(PathString path) =>
        path.StartsWithSegments("/api/v1/auth/login") || path.StartsWithSegments("/api/v1/auth/register")
        || path.StartsWithSegments("/api/v1/auth/refresh");

    [GeneratedRegex("^/api/v1/auth/sessions/([0-9a-fA-F-]{36})/?$")]
    private static partial Regex SessionRoute();
}
