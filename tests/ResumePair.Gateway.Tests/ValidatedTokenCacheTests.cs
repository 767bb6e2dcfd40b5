using System.Net;
using System.Net.Http.Headers;
using System.Runtime.CompilerServices;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using ResumePair.Gateway.Auth;
using Xunit;

namespace ResumePair.Gateway.Tests;

/// <summary>
/// The gateway's cache of successful token validations, through JwtBearer's own handler: what it keeps, for how long,
/// what it never keeps, and that the principal it hands every request is the same one and cannot be changed.
/// </summary>
public sealed class ValidatedTokenCacheTests : IAsyncLifetime
{
    private readonly RsaSecurityKey _key = new(RSA.Create(2048)) { KeyId = "test-key" };
    private readonly FakeTimeProvider _clock = new(DateTimeOffset.UtcNow);
    private int _validations;
    private WebApplication _app = null!;
    private HttpClient _client = null!;

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseTestServer();
        builder.Services.AddSingleton<TimeProvider>(_clock);
        builder.Services.AddMemoryCache(o => o.SizeLimit = 100);
        builder.Services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer(o =>
        {
            o.MapInboundClaims = false;
            o.TokenValidationParameters = Parameters();
        });
        builder.AddValidatedTokenCache();
        _app = builder.Build();
        _app.UseAuthentication();
        _app.MapGet("/me", (HttpContext http) =>
        {
            if (http.User.Identity?.IsAuthenticated != true) return Results.Unauthorized();
            var frozen = false;
            try
            {
                http.User.AddIdentity(new ClaimsIdentity([new Claim("role", "admin")], "forged"));
            }
            catch (InvalidOperationException)
            {
                frozen = true;
            }
            return Results.Json(new
            {
                sub = http.User.FindFirst("sub")?.Value,
                name = http.User.Identity.Name,
                frozen,
                principal = RuntimeHelpers.GetHashCode(http.User),
            });
        });
        await _app.StartAsync();
        _client = _app.GetTestClient();
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task A_valid_token_is_validated_once_then_every_request_gets_one_frozen_principal_until_it_expires()
    {
        var token = Token(lifetime: TimeSpan.FromMinutes(2));

        var first = await MeAsync(token);
        var second = await MeAsync(token);

        Assert.Equal(1, _validations);
        Assert.Equal("user-1", first.GetProperty("sub").GetString());
        Assert.Equal("user-1", second.GetProperty("name").GetString()); // the name claim type survives the copy
        Assert.True(first.GetProperty("frozen").GetBoolean());
        Assert.True(second.GetProperty("frozen").GetBoolean());
        Assert.Equal(first.GetProperty("principal").GetInt32(), second.GetProperty("principal").GetInt32());

        // Past the token's expiry the cache no longer answers: the validator does again.
        _clock.Advance(TimeSpan.FromMinutes(2) + TimeSpan.FromSeconds(1));
        await MeAsync(token);
        Assert.Equal(2, _validations);
    }

    [Fact]
    public async Task A_validation_is_kept_no_longer_than_the_cap_even_for_a_long_token()
    {
        var token = Token(lifetime: TimeSpan.FromMinutes(15));

        await MeAsync(token);
        _clock.Advance(ValidatedTokenCache.MaxAge - TimeSpan.FromSeconds(1));
        await MeAsync(token);
        Assert.Equal(1, _validations);
        _clock.Advance(TimeSpan.FromSeconds(2));
        await MeAsync(token);

        Assert.Equal(2, _validations);
    }

    [Fact]
    public async Task A_token_that_fails_is_refused_and_validated_again_every_time()
    {
        var token = Token(lifetime: TimeSpan.FromMinutes(2));
        var tampered = token[..^4] + (token[^4..] == "AAAA" ? "BBBB" : "AAAA");

        Assert.Equal(HttpStatusCode.Unauthorized, (await SendAsync(tampered)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await SendAsync(tampered)).StatusCode);

        Assert.Equal(2, _validations);
    }

    [Fact]
    public async Task Another_token_of_the_same_user_is_validated_on_its_own()
    {
        await MeAsync(Token(lifetime: TimeSpan.FromMinutes(2)));
        await MeAsync(Token(lifetime: TimeSpan.FromMinutes(3)));

        Assert.Equal(2, _validations);
    }

    private async Task<HttpResponseMessage> SendAsync(string token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/me");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return await _client.SendAsync(request);
    }

    private async Task<JsonElement> MeAsync(string token)
    {
        var response = await SendAsync(token);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
    }

    private string Token(TimeSpan lifetime) => new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
    {
        Issuer = "resumepair",
        Audience = "resumepair-api",
        Claims = new Dictionary<string, object> { ["sub"] = "user-1", ["sid"] = Guid.NewGuid().ToString() },
        IssuedAt = DateTime.UtcNow,
        NotBefore = DateTime.UtcNow.AddSeconds(-5),
        Expires = DateTime.UtcNow + lifetime,
        SigningCredentials = new SigningCredentials(_key, SecurityAlgorithms.RsaSha256),
    });

    /// <summary>As the gateway validates (issuer, audience, RS256 key); the key resolver counts validations.</summary>
    private TokenValidationParameters Parameters() => new()
    {
        ValidIssuer = "resumepair",
        ValidAudience = "resumepair-api",
        ClockSkew = TimeSpan.FromSeconds(30),
        NameClaimType = "sub",
        RoleClaimType = "role",
        IssuerSigningKeyResolver = (_, _, _, _) =>
        {
            Interlocked.Increment(ref _validations);
            return [_key];
        },
    };
}
