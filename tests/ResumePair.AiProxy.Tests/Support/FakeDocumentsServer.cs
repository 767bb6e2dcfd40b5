using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace ResumePair.AiProxy.Tests.Support;

/// <summary>
/// The documents service on a real local port: OpenID configuration and JWKS of a test RSA key (the proxy validates
/// real RS256 tokens minted here) and GET /api/v1/documents/{id}, 404 to anyone but the owner, like the real one.
/// </summary>
public sealed class FakeDocumentsServer : IAsyncDisposable
{
    private const string KeyId = "ai-test-key";
    private readonly RSA _rsa = RSA.Create(2048);
    private WebApplication _app = null!;

    public string Url { get; private set; } = "";
    public ConcurrentDictionary<Guid, (Guid Owner, string Type, JsonElement Data)> Documents { get; } = new();

    public static async Task<FakeDocumentsServer> StartAsync()
    {
        var server = new FakeDocumentsServer();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var key = server._rsa.ExportParameters(false);
        app.MapGet("/.well-known/openid-configuration", () => Results.Json(new
        {
            issuer = "resumepair",
            jwks_uri = server.Url + "/.well-known/jwks.json",
            id_token_signing_alg_values_supported = new[] { "RS256" },
        }));
        app.MapGet("/.well-known/jwks.json", () => Results.Json(new
        {
            keys = new[] { new { kty = "RSA", use = "sig", alg = "RS256", kid = KeyId, n = WebEncoders.Base64UrlEncode(key.Modulus!), e = WebEncoders.Base64UrlEncode(key.Exponent!) } },
        }));
        app.MapGet("/api/v1/documents/{id:guid}", (Guid id, HttpRequest request) =>
        {
            var bearer = request.Headers.Authorization.ToString();
            if (!bearer.StartsWith("Bearer ", StringComparison.Ordinal)) return Results.StatusCode(401);
            var subject = new JsonWebToken(bearer["Bearer ".Length..]).Subject;
            if (!server.Documents.TryGetValue(id, out var doc) || doc.Owner.ToString() != subject) return Results.NotFound();
            return Results.Json(new { id, type = doc.Type, title = "Resume", data = doc.Data, version = 1 });
        });
        await app.StartAsync();
        server._app = app;
        server.Url = app.Urls.First().TrimEnd('/');
        return server;
    }

    public const string SampleResume = """
        {"profile":{"name":"Jane Doe","headline":"Backend Engineer","email":"jane@example.com","summary":"Backend engineer building payment APIs."},
         "work":[{"company":"Acme Pay","position":"Senior Backend Engineer","startDate":"2019-03","current":true,
                  "highlights":["Built the payments API in C# and .NET serving 2M requests a day","Migrated services to PostgreSQL","Mentored four engineers"]},
                 {"company":"Shopline","position":"Software Engineer","startDate":"2016-01","endDate":"2019-02","highlights":["Developed checkout features"]}],
         "skills":[{"name":"Backend","keywords":["C#",".NET","PostgreSQL","REST"]}]}
        """;

    public Guid AddResume(Guid owner, string json = SampleResume)
    {
        var id = Guid.NewGuid();
        using var data = JsonDocument.Parse(json);
        Documents[id] = (owner, "resume", data.RootElement.Clone());
        return id;
    }

    public string MintToken(Guid userId, string role = "user", string? plan = null)
    {
        var claims = new Dictionary<string, object> { ["sub"] = userId.ToString(), ["role"] = role, ["email"] = $"{userId:N}@example.test" };
        if (plan is not null) claims["plan"] = plan;
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = "resumepair",
            Audience = "resumepair-api",
            Claims = claims,
            IssuedAt = DateTime.UtcNow,
            NotBefore = DateTime.UtcNow.AddSeconds(-5),
            // Long enough to stay valid whichever clock a test sets for the proxy.
            Expires = DateTime.UtcNow.AddDays(3),
            SigningCredentials = new SigningCredentials(new RsaSecurityKey(_rsa) { KeyId = KeyId }, SecurityAlgorithms.RsaSha256),
        });
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        _rsa.Dispose();
    }
}
