using Microsoft.AspNetCore.Http.HttpResults;
using ResumePair.Documents.Accounts;
using ResumePair.ServiceDefaults.Internal;

namespace ResumePair.Documents.Apis;

/// <summary>
/// Whether a session (an access token's <c>sid</c>) is still live: the gateway asks, so an access token stops
/// working at sign-out or revocation instead of up to its 15-minute expiry.
/// </summary>
public static class InternalSessionsApi
{
    public static IEndpointRouteBuilder MapInternalSessionsApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/internal/v1/sessions/{id:guid}", IsLiveAsync).RequireInternalAuth().ExcludeFromDescription();
        return app;
    }

    /// <summary>204 live; 410 ended (or never existed: a validly signed token always names a real session).</summary>
    public static async Task<Results<NoContent, StatusCodeHttpResult>> IsLiveAsync(Guid id, SessionStore sessions,
        CancellationToken ct) =>
        await sessions.IsLiveAsync(id, ct) ? TypedResults.NoContent() : TypedResults.StatusCode(StatusCodes.Status410Gone);
}
