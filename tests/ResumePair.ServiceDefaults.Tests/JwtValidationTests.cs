using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Hosting;
using Microsoft.IdentityModel.Tokens;
using ResumePair.ServiceDefaults.Auth;
using Xunit;

namespace ResumePair.ServiceDefaults.Tests;

/// <summary>Token checks when the issuer's keys cannot be fetched: an outage (503), not "your token is bad"
/// (401).</summary>
public sealed class JwtValidationTests : IAsyncLifetime
{
    private WebApplication _app = null!;
    private HttpClient _client = null!;

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseTestServer();
        // Nothing listens on port 1: the documents service is down and this process never had its keys.
        builder.Configuration["Jwt:MetadataAddress"] = "http://127.0.0.1:1/.well-known/openid-configuration";
        builder.AddServiceDefaults();
        builder.AddDefaultJwtValidation();
        _app = builder.Build();
        _app.MapGet("/mine", () => "ok").RequireAuthorization();
        await _app.StartAsync();
        _client = _app.GetTestClient();
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task
        A_token_that_cannot_be_checked_because_the_keys_are_unreachable_is_a_503_problem_with_retry_after()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/mine");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", UnverifiableToken());
        using var response = await _client.SendAsync(request);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.NotNull(response.Headers.RetryAfter);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(503, problem.GetProperty("status").GetInt32());
        Assert.Contains("signing keys", problem.GetProperty("detail").GetString());
    }

    /// <summary>Well formed and unexpired: only the signature is left to check, which needs the issuer's
    /// keys.</summary>
    private static string UnverifiableToken()
    {
        static string Part(object value) => Base64UrlEncoder.Encode(JsonSerializer.SerializeToUtf8Bytes(value));
        var expires = DateTimeOffset.UtcNow.AddHours(1).ToUnixTimeSeconds();
        var header = Part(new { alg = "RS256", kid = "k1", typ = "JWT" });
        var payload = Part(new { sub = "u", iss = "resumepair", aud = "resumepair-api", exp = expires });
        return $"{header}.{payload}.c2lnbmF0dXJl";
    }

    [Fact]
    public async Task No_token_is_still_a_401()
    {
        using var response = await _client.GetAsync("/mine");
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }
}
