using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using ResumePair.Documents.Accounts;
using ResumePair.ServiceDefaults.Auth;

namespace ResumePair.Documents.Sharing;

/// <summary>
/// The cookie a visitor gets for typing a share's password: a JWT signed with the access-token keys (valid on every
/// replica, rotating with them) with its own audience, naming the slug and a fingerprint of the password hash, so
/// rotating the link or changing the password locks every browser out again. Nothing about the visitor is in it.
/// </summary>
public sealed class ShareUnlocks(
    SigningKeyStore keys,
    TimeProvider clock,
    IOptions<ShareOptions> options,
    IOptions<JwtSettings> jwt
)
{
    public const string Audience = "resumepair-share";
    private readonly JsonWebTokenHandler _handler = new() { SetDefaultTimesOnTokenCreation = false };

    public static string CookieName(string slug) => "rp_share_" + slug;

    public async Task<(string Token, DateTimeOffset Expires)> IssueAsync(ShareRow share, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var expires = now + options.Value.UnlockLifetime;
        var token = _handler.CreateToken(
            new SecurityTokenDescriptor
            {
                Issuer = jwt.Value.Issuer,
                Audience = Audience,
                IssuedAt = now.UtcDateTime,
                NotBefore = now.UtcDateTime,
                Expires = expires.UtcDateTime,
                SigningCredentials = new SigningCredentials(
                    await keys.GetCurrentAsync(ct),
                    SecurityAlgorithms.RsaSha256
                ),
                Claims = new Dictionary<string, object>
                {
                    ["share"] = share.Slug,
                    ["pwd"] = Fingerprint(share.PasswordHash),
                },
            }
        );
        return (token, expires);
    }

    /// <summary>Open links need nothing; protected ones need a valid unlock cookie for this slug and
    /// password.</summary>
    public async Task<bool> IsOpenAsync(ShareRow share, HttpRequest request, CancellationToken ct)
    {
        if (share.PasswordHash is null) return true;
        if (!request.Cookies.TryGetValue(CookieName(share.Slug), out var token) || string.IsNullOrEmpty(token))
            return false;
        var now = clock.GetUtcNow().UtcDateTime;
        var result = await _handler.ValidateTokenAsync(
            token,
            new TokenValidationParameters
            {
                ValidIssuer = jwt.Value.Issuer,
                ValidAudience = Audience,
                IssuerSigningKeys = await keys.GetPublishedAsync(ct),
                LifetimeValidator = (notBefore, expires, _, _) =>
                    expires > now && (notBefore ?? DateTime.MinValue) <= now.AddSeconds(5),
            }
        );
        return result.IsValid && result.Claims.TryGetValue("share", out var slug) && slug as string == share.Slug
               && result.Claims.TryGetValue("pwd", out var pwd) && pwd as string == Fingerprint(share.PasswordHash);
    }

    private static string Fingerprint(string? hash) =>
        Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(hash ?? "")))[..16];
}
