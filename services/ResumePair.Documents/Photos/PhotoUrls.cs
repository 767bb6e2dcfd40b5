using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using ResumePair.Documents.Accounts;
using ResumePair.ServiceDefaults.Auth;

namespace ResumePair.Documents.Photos;

/// <summary>
/// Signed, short-lived download URLs for a photo's small version: a JWT (signed with the access-token keys, so it
/// rotates with them and validates on every replica) naming the photo, with its own audience so it can never pass
/// as an access token. An <c>&lt;img src&gt;</c> can use it without an Authorization header.
/// </summary>
public sealed class PhotoUrls(
    SigningKeyStore keys,
    TimeProvider clock,
    IOptions<PhotoOptions> options,
    IOptions<JwtSettings> jwt
)
{
    public const string Audience = "resumepair-photo";
    public const string FilesPath = "/api/v1/photos/files/";
    private readonly JsonWebTokenHandler _handler = new() { SetDefaultTimesOnTokenCreation = false };

    public async Task<(string Url, DateTime ExpiresAt)> SignAsync(Guid photoId, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var expires = now + options.Value.DownloadUrlLifetime;
        var token = _handler.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = jwt.Value.Issuer,
            Audience = Audience,
            IssuedAt = now,
            NotBefore = now,
            Expires = expires,
            SigningCredentials = new SigningCredentials(await keys.GetCurrentAsync(ct), SecurityAlgorithms.RsaSha256),
            Claims = new Dictionary<string, object> { ["photo"] = photoId.ToString() },
        });
        return (FilesPath + token, expires);
    }

    /// <summary>The photo a signed token names; null when the signature, audience or expiry is wrong.</summary>
    public async Task<Guid?> VerifyAsync(string token, CancellationToken ct)
    {
        var result = await _handler.ValidateTokenAsync(
            token,
            new TokenValidationParameters
            {
                ValidIssuer = jwt.Value.Issuer,
                ValidAudience = Audience,
                IssuerSigningKeys = await keys.GetPublishedAsync(ct),
                ClockSkew = TimeSpan.FromSeconds(5),
                LifetimeValidator = (notBefore, expires, _, _) =>
                    expires > clock.GetUtcNow().UtcDateTime
                    && (notBefore ?? DateTime.MinValue) <= clock.GetUtcNow().UtcDateTime.AddSeconds(5),
            }
        );
        return
            result.IsValid
            && result.Claims.TryGetValue("photo", out var id)
            && Guid.TryParse(id as string, out var photoId)
            ? photoId
            : null;
    }
}
