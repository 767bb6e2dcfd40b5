using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace ResumePair.Testing.Topology;

/// <summary>A client of the public API, exactly as a browser or script would use it: HTTP to the gateway
/// only.</summary>
public sealed class GatewayClient(Uri gateway) : IDisposable
{
    private readonly HttpClient _http = new(new SocketsHttpHandler { AllowAutoRedirect = false })
    {
        BaseAddress = gateway,
        Timeout = TimeSpan.FromSeconds(60),
    };

    public string? AccessToken { get; set; }
    public string? RefreshToken { get; set; }

    public async Task<HttpResponseMessage> SendAsync(
        HttpMethod method,
        string path,
        object? body = null,
        Action<HttpRequestMessage>? configure = null
    )
    {
        var request = new HttpRequestMessage(method, path);
        if (body is not null) request.Content = JsonContent.Create(body, options: JsonSerializerOptions.Web);
        if (AccessToken is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer",
            AccessToken);
        configure?.Invoke(request);
        return await _http.SendAsync(request);
    }

    public async Task<JsonNode> SendJsonAsync(
        HttpMethod method,
        string path,
        object? body,
        HttpStatusCode expected,
        Action<HttpRequestMessage>? configure = null
    )
    {
        using var response = await SendAsync(method, path, body, configure);
        var text = await response.Content.ReadAsStringAsync();
        if (response.StatusCode != expected)
            throw new HttpRequestException(
                $"{method} {path}: expected {(int)expected}, got {(int)response.StatusCode}: {text}"
            );
        return JsonNode.Parse(text)!;
    }

    /// <summary>Registers a fresh user and keeps its tokens.</summary>
    public async Task<JsonNode> RegisterAsync(string? email = null, string password = "correct-Horse-battery-9")
    {
        email ??= $"user-{Guid.NewGuid():N}@example.com";
        var body = await SendJsonAsync(
            HttpMethod.Post,
            "/api/v1/auth/register",
            new
            {
                email,
                password,
                name = "Ada Lovelace",
            },
            HttpStatusCode.Created
        );
        AccessToken = body["accessToken"]!.GetValue<string>();
        RefreshToken = body["refreshToken"]!.GetValue<string>();
        return body;
    }

    public void Dispose() => _http.Dispose();
}
