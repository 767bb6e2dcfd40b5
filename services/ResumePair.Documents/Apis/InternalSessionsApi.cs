using Microsoft.AspNetCore.Http.HttpResults;
using ResumePair.Documents.Accounts;
using ResumePair.Web.Internal;

namespace ResumePair.Documents.Apis;

/// <summary>
/// Ended sessions, for the gateway, so an access token stops working at sign-out or revocation instead of up to its
/// 15-minute expiry: each gateway replica polls the feed of ended sessions, and asks about one session only while
/// its feed is not current (starting, or this service unreachable).
/// </summary>
public static class InternalSessionsApi
{
    public static IEndpointRouteBuilder MapInternalSessionsApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/internal/v1/sessions/revoked", RevokedAsync).RequireInternalAuth().ExcludeFromDescription();
        app.MapGet("/internal/v1/sessions/{id:guid}", IsLiveAsync).RequireInternalAuth().ExcludeFromDescription();
        return app;
    }

    /// <summary>
    /// <c>{next, sessions}</c>: sessions ended since the read that returned <paramref name="after"/> (without it:
    /// within an access token's lifetime). A reader keeps what it got until the tokens have expired.
    /// </summary>
    public static async Task<Ok<RevokedSessions>> RevokedAsync(ulong? after,
        SessionRevocations revocations, CancellationToken ct) =>
        TypedResults.Ok(await revocations.ReadAsync(after, ct));

    /// <summary>204 live; 410 ended (or never existed: a validly signed token always names a real session).</summary>
    public static async Task<Results<NoContent, StatusCodeHttpResult>> IsLiveAsync(
        Guid id,
        SessionStore sessions,
        CancellationToken ct
    ) =>
        await sessions.IsLiveAsync(id, ct)
            ? TypedResults.NoContent()
            : TypedResults.StatusCode(StatusCodes.Status410Gone);
}
