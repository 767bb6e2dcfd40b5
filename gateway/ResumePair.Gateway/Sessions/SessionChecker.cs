using System.Net;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;

namespace ResumePair.Gateway.Sessions;

/// <summary>
/// Whether an access token's session is still live. With the feed of ended sessions current (the usual case) that is
/// a set lookup. Otherwise the documents service is asked about the session (signed internal route) and a live answer
/// is believed for <see cref="SessionCheckOptions.LiveFor"/>.
/// </summary>
public sealed class SessionChecker(HttpClient http, SessionRevocationFeed feed, IMemoryCache cache,
    IOptions<SessionCheckOptions> options, ILogger<SessionChecker> log)
{
    public async ValueTask<bool> IsLiveAsync(Guid sessionId, CancellationToken ct)
    {
        if (feed.IsRevoked(sessionId)) return false;
        if (feed.IsCurrent) return true;
        if (cache.TryGetValue(sessionId, out bool _)) return true;
        try
        {
            using var response = await http.GetAsync($"/internal/v1/sessions/{sessionId}", ct);
            if (response.StatusCode == HttpStatusCode.Gone)
            {
                feed.Revoked(sessionId);
                return false;
            }
            response.EnsureSuccessStatusCode();
            cache.Set(sessionId, true,
                new MemoryCacheEntryOptions { AbsoluteExpirationRelativeToNow = options.Value.LiveFor, Size = 1 });
            return true;
        }
        catch (Exception e) when (!ct.IsCancellationRequested && e is HttpRequestException or TaskCanceledException
                                      or Polly.ExecutionRejectedException)
        {
            // Open rather than closed: the token's signature and expiry still hold, and with the documents service
            // away most routes cannot answer anyway; refusing every signed-in request would only widen the outage.
            log.LogWarning(e, "Session {SessionId} could not be checked; the access token is trusted until it expires",
                sessionId);
            return true;
        }
    }

    /// <summary>A sign-out or revocation that went through this replica.</summary>
    public void Revoked(Guid sessionId) => feed.Revoked(sessionId);
}
