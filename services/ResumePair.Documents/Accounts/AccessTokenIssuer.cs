using System.Security.Cryptography;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using ResumePair.ServiceDefaults.Auth;

namespace ResumePair.Documents.Accounts;

/// <summary>Signs RS256 access tokens with the current key; claims as in docs/architecture.md.</summary>
public sealed class AccessTokenIssuer(
    SigningKeyStore keys,
    TimeProvider clock,
    IOptions<AccountOptions> options,
    IOptions<JwtSettings> jwt
)
{
    private readonly JsonWebTokenHandler _handler = new() { SetDefaultTimesOnTokenCreation = false };

    public TimeSpan Lifetime => options.Value.AccessTokenLifetime;

    /// <summary>
    /// Signs nothing any service accepts: a key of its own that is never published, under the current key's id. The
    /// answer to a registration for a known address carries it (AccountService.RegisterAsync): it looks like any access
    /// token, and is refused everywhere even where the gateway's session check would let it through (fail-open).
    /// </summary>
    private static readonly Lazy<RSA> DecoyKey = new(() => RSA.Create(2048));

    public async Task<string> IssueAsync(UserRow user, Guid sessionId, CancellationToken ct) =>
        Issue(user, sessionId, await keys.GetCurrentAsync(ct));

    public async Task<string> IssueDecoyAsync(UserRow user, Guid sessionId, CancellationToken ct) =>
        Issue(user, sessionId, new RsaSecurityKey(DecoyKey.Value) { KeyId = (await keys.GetCurrentAsync(ct)).KeyId });

    private string Issue(UserRow user, Guid sessionId, SecurityKey key)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        return _handler.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = jwt.Value.Issuer,
            Audience = jwt.Value.Audience,
            IssuedAt = now,
            NotBefore = now,
            Expires = now + Lifetime,
            SigningCredentials = new SigningCredentials(key, SecurityAlgorithms.RsaSha256),
            Claims = new Dictionary<string, object>
            {
                [JwtRegisteredClaimNames.Sub] = user.Id.ToString(),
                [JwtRegisteredClaimNames.Email] = user.Email,
                [JwtRegisteredClaimNames.Name] = user.Name,
                ["sid"] = sessionId.ToString(),
                ["role"] = user.Role,
                ["plan"] = user.Plan,
                [JwtRegisteredClaimNames.Jti] = Base64UrlEncoder.Encode(RandomNumberGenerator.GetBytes(16)),
            },
        });
    }
}
