using System.Net;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;

namespace ResumePair.Gateway.Sessions;

/// <summary>
/// Asks the documents service (signed internal route) whether an access token's session is still live, and
/// remembers the answer briefly so a signed-in user costs one lookup per <see cref="SessionCheckOptions.LiveFor"/>.
/// </summary>
public sealed class SessionChecker(HttpClient http, IMemoryCache cache, IOptions<SessionCheckOptions> options,
    ILogger<SessionChecker> log)
{
    public async ValueTask<bool> IsLiveAsync(Guid sessionId, CancellationToken ct)
    {
        if (cache.TryGetValue(sessionId, out bool live)) return live;
        try
        {
            using var response = await http.GetAsync($"/internal/v1/sessions/{sessionId}", ct);
            if (response.StatusCode == HttpStatusCode.Gone)
            {
                Revoked(sessionId);
                return false;
            }
            response.EnsureSuccessStatusCode();
            Remember(sessionId, true, options.Value.LiveFor);
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
    public void Revoked(Guid sessionId) => Remember(sessionId, false, options.Value.RevokedFor);

    private void Remember(Guid sessionId, bool live, TimeSpan duration) =>
        cache.Set(sessionId, live, new MemoryCacheEntryOptions { AbsoluteExpirationRelativeToNow = duration, Size = 1 });
}
