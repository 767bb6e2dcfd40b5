namespace ResumePair.AppHost.Processes;

/// <summary>Healthy = <c>GET {url}/health</c> answers 200 (the services' readiness endpoint: dependencies reachable).</summary>
public sealed class HealthProbe(HttpClient http)
{
    public static HttpClient CreateClient() => new() { Timeout = TimeSpan.FromSeconds(3) };

    public async Task<bool> IsHealthyAsync(string baseUrl, CancellationToken ct)
    {
        try
        {
            using var response = await http.GetAsync($"{baseUrl}/health", ct);
            return (int)response.StatusCode == 200;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !ct.IsCancellationRequested)
        {
            return false;
        }
    }
}
