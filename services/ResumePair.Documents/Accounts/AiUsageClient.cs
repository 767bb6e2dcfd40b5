using System.Net.Http.Headers;
using System.Net.Http.Json;

namespace ResumePair.Documents.Accounts;

/// <summary>The AI quota as the ai-proxy reports it (<c>GET /api/v1/ai/usage</c>).</summary>
public sealed record AiUsage(int UsedToday, int DailyLimit, int Remaining, DateTime ResetsAt);

/// <summary>
/// Reads the user's AI quota from the ai-proxy (which owns it) with the user's own token, for GET /me.
/// Best effort: the quota is extra information, so an unreachable or unconfigured ai-proxy gives null
/// rather than failing the profile.
/// </summary>
public sealed class AiUsageClient(HttpClient http, IConfiguration configuration, ILogger<AiUsageClient> logger)
{
    public async Task<AiUsage?> GetAsync(string? authorization, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(authorization) || !configuration.GetSection("services:ai-proxy").Exists()) return null;
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/ai/usage");
            request.Headers.Authorization = AuthenticationHeaderValue.Parse(authorization);
            using var response = await http.SendAsync(request, ct);
            return response.IsSuccessStatusCode ? await response.Content.ReadFromJsonAsync<AiUsage>(ct) : null;
        }
        catch (Exception e)
            when (e
                    is HttpRequestException
                        or TaskCanceledException
                        or System.Text.Json.JsonException
                        or FormatException
                        or Polly.CircuitBreaker.BrokenCircuitException
                        or Polly.Timeout.TimeoutRejectedException
            )
        {
            logger.LogInformation(e, "AI usage unavailable for /me");
            return null;
        }
    }
}
