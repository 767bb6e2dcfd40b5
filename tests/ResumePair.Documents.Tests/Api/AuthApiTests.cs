using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using ResumePair.Documents.Tests.Support;
using Xunit;

namespace ResumePair.Documents.Tests.Api;

[Collection(DocumentsServiceCollection.Name)]
public sealed class AuthApiTests(DocumentsServiceFixture service)
{
    [Fact]
    public async Task Register_answers_201_with_the_user_and_tokens_carrying_the_documented_claims()
    {
        var email = $"Mixed.Case-{Guid.NewGuid():N}@Example.com";
        var body = await service.RegisterAsync(email, name: "Ann Example");

        var user = body.GetProperty("user");
        Assert.Equal(email.ToLowerInvariant(), user.GetProperty("email").GetString());
        Assert.False(user.GetProperty("emailVerified").GetBoolean());
        Assert.Equal(900, body.GetProperty("expiresIn").GetInt32());
        Assert.False(string.IsNullOrEmpty(body.GetProperty("refreshToken").GetString()));

        var token = new JsonWebToken(body.GetProperty("accessToken").GetString());
        Assert.Equal("RS256", token.Alg);
        Assert.False(string.IsNullOrEmpty(token.Kid));
        Assert.Equal(user.GetProperty("id").GetString(), token.Subject);
        Assert.Equal(email.ToLowerInvariant(), token.GetClaim("email").Value);
        Assert.Equal("Ann Example", token.GetClaim("name").Value);
        Assert.Equal("user", token.GetClaim("role").Value);
        Assert.True(Guid.TryParse(token.GetClaim("sid").Value, out _));
        Assert.Equal("resumepair", token.Issuer);
        Assert.Equal(["resumepair-api"], token.Audiences);
        Assert.False(string.IsNullOrEmpty(token.Id));
        Assert.Equal(TimeSpan.FromMinutes(15), token.ValidTo - token.IssuedAt);
    }

    [Fact]
    public async Task A_configured_admin_address_gets_the_admin_role()
    {
        var body = await service.RegisterAsync(DocumentsServiceFixture.AdminEmail.ToUpperInvariant());
        Assert.Equal("admin", body.GetProperty("user").GetProperty("role").GetString());
        Assert.Equal("admin", new JsonWebToken(body.GetProperty("accessToken").GetString()).GetClaim("role").Value);
    }

    [Fact]
    public async Task Register_with_bad_input_is_a_validation_problem_naming_each_field()
    {
        using var client = service.CreateClient();
        var response = await client.PostAsJsonAsync(
            "/api/v1/auth/register",
            new
            {
                email = "not-an-email",
                password = "short",
                name = "",
            }
        );

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var errors = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.True(errors.TryGetProperty("email", out _));
        Assert.True(errors.TryGetProperty("password", out _));
        Assert.True(errors.TryGetProperty("name", out _));

        var lettersOnly = await client.PostAsJsonAsync("/api/v1/auth/register",
            new { email = $"x{Guid.NewGuid():N}@example.com", password = "onlyletters", name = "X" });
        Assert.Equal(HttpStatusCode.BadRequest, lettersOnly.StatusCode);
    }

    [Fact]
    public async Task Login_succeeds_with_the_password_and_a_wrong_password_answers_exactly_like_an_unknown_email()
    {
        var email = $"login-{Guid.NewGuid():N}@example.com";
        await service.RegisterAsync(email, password: "right-password-1");
        using var client = service.CreateClient();

        var ok = await client.PostAsJsonAsync(
            "/api/v1/auth/login",
            new { email = email.ToUpperInvariant(), password = "right-password-1" }
        );
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        Assert.False(
            string.IsNullOrEmpty(
                (await ok.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accessToken").GetString()
            )
        );

        var wrong = await client.PostAsJsonAsync("/api/v1/auth/login", new { email, password = "wrong-password-1" });
        var unknown = await client.PostAsJsonAsync(
            "/api/v1/auth/login",
            new { email = $"nobody-{Guid.NewGuid():N}@example.com", password = "wrong-password-1" }
        );
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, unknown.StatusCode);
        var a = await wrong.Content.ReadFromJsonAsync<JsonElement>();
        var b = await unknown.Content.ReadFromJsonAsync<JsonElement>();
        foreach (var field in new[] { "type", "title", "status", "detail" })
            Assert.Equal(a.GetProperty(field).ToString(), b.GetProperty(field).ToString());
    }

    [Fact]
    public async Task Repeated_failed_logins_lock_the_account_with_429_and_Retry_After()
    {
        var email = $"lock-{Guid.NewGuid():N}@example.com";
        await service.RegisterAsync(email, password: "right-password-1");
        using var client = service.CreateClient();
        for (var i = 0; i < 5; i++)
            Assert.Equal(
                HttpStatusCode.Unauthorized,
                (
                    await client.PostAsJsonAsync("/api/v1/auth/login", new { email, password = "wrong-password-1" })
                ).StatusCode
            );

        var locked = await client.PostAsJsonAsync("/api/v1/auth/login", new { email, password = "right-password-1" });
        Assert.Equal((HttpStatusCode)429, locked.StatusCode);
        Assert.True(locked.Headers.RetryAfter?.Delta > TimeSpan.Zero);
    }

    [Fact]
    public async Task Refresh_rotates_and_replaying_a_used_token_revokes_the_whole_family()
    {
        var first = (await service.RegisterAsync()).GetProperty("refreshToken").GetString();
        using var client = service.CreateClient();

        var rotated = await client.PostAsJsonAsync("/api/v1/auth/refresh", new { refreshToken = first });
        Assert.Equal(HttpStatusCode.OK, rotated.StatusCode);
        var second = (await rotated.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("refreshToken").GetString();
        Assert.NotEqual(first, second);

        // The used token comes back (stolen and replayed): 401, and its successor dies with it.
        var replay = await client.PostAsJsonAsync("/api/v1/auth/refresh", new { refreshToken = first });
        Assert.Equal(HttpStatusCode.Unauthorized, replay.StatusCode);
        var successor = await client.PostAsJsonAsync("/api/v1/auth/refresh", new { refreshToken = second });
        Assert.Equal(HttpStatusCode.Unauthorized, successor.StatusCode);

        var unknown = await client.PostAsJsonAsync("/api/v1/auth/refresh", new { refreshToken = "not-a-token" });
        Assert.Equal(HttpStatusCode.Unauthorized, unknown.StatusCode);
    }

    [Fact]
    public async Task Logout_ends_the_session_so_its_refresh_token_stops_working()
    {
        var tokens = await service.RegisterAsync();
        using var client = service.CreateClient(tokens.GetProperty("accessToken").GetString());
        Assert.Equal(HttpStatusCode.NoContent, (await client.PostAsync("/api/v1/auth/logout", null)).StatusCode);
        var refresh = await client.PostAsJsonAsync(
            "/api/v1/auth/refresh",
            new { refreshToken = tokens.GetProperty("refreshToken").GetString() }
        );
        Assert.Equal(HttpStatusCode.Unauthorized, refresh.StatusCode);
    }

    [Fact]
    public async Task Me_needs_a_token_and_answers_the_user()
    {
        using var anonymous = service.CreateClient();
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/v1/auth/me")).StatusCode);
        using var bogus = service.CreateClient("eyJhbGciOiJSUzI1NiJ9.e30.c2ln");
        Assert.Equal(HttpStatusCode.Unauthorized, (await bogus.GetAsync("/api/v1/auth/me")).StatusCode);

        var tokens = await service.RegisterAsync(name: "Me Myself");
        using var client = service.CreateClient(tokens.GetProperty("accessToken").GetString());
        var me = await client.GetFromJsonAsync<JsonElement>("/api/v1/auth/me");
        Assert.Equal("Me Myself", me.GetProperty("name").GetString());
        Assert.False(me.GetProperty("emailVerified").GetBoolean());
        Assert.Equal(tokens.GetProperty("user").GetProperty("id").GetString(), me.GetProperty("id").GetString());
        Assert.Equal(0, me.GetProperty("storageUsedBytes").GetInt64());
        Assert.Equal(JsonValueKind.Null, me.GetProperty("aiQuota").ValueKind); // no ai-proxy configured here

        await client.PostAsJsonAsync(
            "/api/v1/documents",
            new
            {
                type = "resume",
                title = "CV",
                data = new { profile = new { name = "Me" } },
            }
        );
        Assert.True(
            (await client.GetFromJsonAsync<JsonElement>("/api/v1/auth/me")).GetProperty("storageUsedBytes").GetInt64()
                > 0
        );
    }

    [Fact]
    public async Task The_published_JWKS_validates_an_issued_token()
    {
        var accessToken = (await service.RegisterAsync()).GetProperty("accessToken").GetString();
        using var client = service.CreateClient();

        var discovery = await client.GetFromJsonAsync<JsonElement>("/.well-known/openid-configuration");
        Assert.Equal("resumepair", discovery.GetProperty("issuer").GetString());
        var jwksUri = new Uri(discovery.GetProperty("jwks_uri").GetString()!);
        Assert.True(jwksUri.IsAbsoluteUri);

        var jwks = new JsonWebKeySet(await client.GetStringAsync(jwksUri.PathAndQuery));
        Assert.All(jwks.Keys, k =>
        {
            Assert.Equal("sig", k.Use);
            Assert.Equal("RS256", k.Alg);
            Assert.False(k.HasPrivateKey);
        });

        var result = await new JsonWebTokenHandler().ValidateTokenAsync(accessToken, new TokenValidationParameters
        {
            ValidIssuer = "resumepair",
            ValidAudience = "resumepair-api",
            IssuerSigningKeys = jwks.GetSigningKeys(),
        });
        Assert.True(result.IsValid, result.Exception?.Message);
    }
}
