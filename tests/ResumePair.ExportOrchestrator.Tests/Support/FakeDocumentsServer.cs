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

namespace ResumePair.ExportOrchestrator.Tests.Support;

/// <summary>
/// Stands in for the documents service on a real local port: serves the OpenID configuration and JWKS of a
/// test RSA key (so the orchestrator validates real RS256 tokens minted here) and GET /api/v1/documents/{id}
/// for the documents the test puts in, answering 404 to anyone but the owner, like the real one.
/// </summary>
public sealed class FakeDocumentsServer : IAsyncDisposable
{
    private const string KeyId = "test-key-1";
    private readonly RSA _rsa = RSA.Create(2048);
    private WebApplication _app = null!;

    public string Url { get; private set; } = "";
    public ConcurrentDictionary<Guid, (Guid Owner, string Title, JsonElement Data, long Version)> Documents { get; } = new();
    public int DocumentRequests;
    public ConcurrentQueue<(string IdempotencyKey, JsonElement Body)> Webhooks { get; } = new();

    /// <summary>While set, document reads answer 503 (the service is "down").</summary>
    public volatile bool Down;

    public static async Task<FakeDocumentsServer> StartAsync()
    {
        var server = new FakeDocumentsServer();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var parameters = server._rsa.ExportParameters(false);

        app.MapGet("/.well-known/openid-configuration", () => Results.Json(new
        {
            issuer = "resumepair",
            jwks_uri = server.Url + "/.well-known/jwks.json",
            id_token_signing_alg_values_supported = new[] { "RS256" },
        }));
        app.MapGet("/.well-known/jwks.json", () => Results.Json(new
        {
            keys = new[]
            {
                new { kty = "RSA", use = "sig", alg = "RS256", kid = KeyId,
                      n = WebEncoders.Base64UrlEncode(parameters.Modulus!), e = WebEncoders.Base64UrlEncode(parameters.Exponent!) },
            },
        }));
        app.MapGet("/api/v1/documents/{id:guid}", (Guid id, HttpRequest request) =>
        {
            Interlocked.Increment(ref server.DocumentRequests);
            if (server.Down) return Results.StatusCode(503);
            var bearer = request.Headers.Authorization.ToString();
            if (!bearer.StartsWith("Bearer ", StringComparison.Ordinal)) return Results.StatusCode(401);
            var subject = new JsonWebToken(bearer["Bearer ".Length..]).Subject;
            if (!server.Documents.TryGetValue(id, out var doc) || doc.Owner.ToString() != subject) return Results.NotFound();
            return Results.Json(new { id, type = "resume", title = doc.Title, data = doc.Data, version = doc.Version });
        });

        app.MapGet("/api/v1/documents/{id:guid}/versions/{version:long}", (Guid id, long version, HttpRequest request) =>
        {
            Interlocked.Increment(ref server.DocumentRequests);
            var bearer = request.Headers.Authorization.ToString();
            if (!bearer.StartsWith("Bearer ", StringComparison.Ordinal)) return Results.StatusCode(401);
            var subject = new JsonWebToken(bearer["Bearer ".Length..]).Subject;
            if (!server.Documents.TryGetValue(id, out var doc) || doc.Owner.ToString() != subject || version < 1 || version > doc.Version) return Results.NotFound();
            // The real route answers documentId (not id); older versions carry their own title.
            return Results.Json(new { documentId = id, type = "resume", title = $"{doc.Title} (v{version})", data = doc.Data, version });
        });

        app.MapGet("/api/v1/documents/{id:guid}/json-resume", (Guid id, HttpRequest request) =>
        {
            var subject = new JsonWebToken(request.Headers.Authorization.ToString()["Bearer ".Length..]).Subject;
            if (!server.Documents.TryGetValue(id, out var doc) || doc.Owner.ToString() != subject) return Results.NotFound();
            return Results.Json(new { basics = new { name = "Jane Doe", label = "Engineer" }, work = Array.Empty<object>() });
        });
        // Stands in for an operator's alerting endpoint (Export:DeadLetterWebhookUrl = Url + "/hooks/dead-letter").
        app.MapPost("/hooks/dead-letter", async (HttpRequest request) =>
        {
            using var body = await JsonDocument.ParseAsync(request.Body);
            server.Webhooks.Enqueue((request.Headers["Idempotency-Key"].ToString(), body.RootElement.Clone()));
            return Results.NoContent();
        });

        await app.StartAsync();
        server._app = app;
        server.Url = app.Urls.First().TrimEnd('/');
        return server;
    }

    public Guid AddDocument(Guid owner, string title = "Jane Doe — Resume")
    {
        var id = Guid.NewGuid();
        using var data = JsonDocument.Parse("""{"profile":{"name":"Jane Doe","headline":"Engineer"},"work":[]}""");
        Documents[id] = (owner, title, data.RootElement.Clone(), 3);
        return id;
    }

    /// <summary>An access token like the documents service issues (RS256, iss resumepair, aud resumepair-api).</summary>
    public string MintToken(Guid userId, TimeSpan? lifetime = null, string role = "user") =>
        new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = "resumepair",
            Audience = "resumepair-api",
            Claims = new Dictionary<string, object> { ["sub"] = userId.ToString(), ["role"] = role, ["email"] = $"{userId:N}@example.test" },
            IssuedAt = DateTime.UtcNow,
            NotBefore = DateTime.UtcNow.AddSeconds(-5),
            Expires = DateTime.UtcNow + (lifetime ?? TimeSpan.FromMinutes(15)),
            SigningCredentials = new SigningCredentials(new RsaSecurityKey(_rsa) { KeyId = KeyId }, SecurityAlgorithms.RsaSha256),
        });

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        _rsa.Dispose();
    }
}
