using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace ResumePair.Gateway.Auth;

/// <summary>
/// The gateway sees each access token again on every request of its 15 minutes (an editor autosaves every 2 s), and
/// validating it (parsing, an RS256 signature check, the claims) was ≈ 5 % of the gateway's CPU (bench/README.md).
/// A successful validation is kept per token string until the token expires, at most <see cref="MaxAge"/>: no longer
/// than the validator itself trusts signing keys it has fetched (JWKS refresh, 10 minutes), so a key withdrawn from the
/// JWKS stops counting as soon as it would have without the cache. Failures are never kept; each hit gets its own
/// copy of the identity.
/// </summary>
public sealed class CachingJsonWebTokenHandler(IMemoryCache cache, TimeProvider clock) : JsonWebTokenHandler
{
    public static readonly TimeSpan MaxAge = TimeSpan.FromMinutes(5);

    public override async Task<TokenValidationResult> ValidateTokenAsync(string token,
        TokenValidationParameters validationParameters)
    {
        var key = new CacheKey(token);
        var now = clock.GetUtcNow();
        if (cache.TryGetValue(key, out Validated? known) && known!.Until > now)
            return new TokenValidationResult
            {
                IsValid = true,
                ClaimsIdentity = known.Result.ClaimsIdentity.Clone(),
                SecurityToken = known.Result.SecurityToken,
                Issuer = known.Result.Issuer,
                TokenType = known.Result.TokenType,
            };
        var result = await base.ValidateTokenAsync(token, validationParameters);
        var expires = new DateTimeOffset(DateTime.SpecifyKind(result.SecurityToken?.ValidTo ?? default, DateTimeKind.Utc));
        if (result.IsValid && expires > now)
        {
            var until = expires < now + MaxAge ? expires : now + MaxAge;
            // The entry's own expiry frees the memory; the check above uses this clock.
            cache.Set(key, new Validated(result, until), new MemoryCacheEntryOptions { AbsoluteExpiration = until, Size = 1 });
        }
        return result;
    }

    /// <summary>Its own key type, so no other entry of the shared cache can collide with a token.</summary>
    private readonly record struct CacheKey(string Token);

    private sealed record Validated(TokenValidationResult Result, DateTimeOffset Until);
}

public static class ValidatedTokenCacheExtensions
{
    /// <summary>After <c>AddDefaultJwtValidation</c>: the same validation, through the cache.</summary>
    public static IHostApplicationBuilder AddValidatedTokenCache(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<CachingJsonWebTokenHandler>();
        builder.Services.AddOptions<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme)
            .Configure<CachingJsonWebTokenHandler>((o, handler) =>
            {
                o.TokenHandlers.Clear();
                o.TokenHandlers.Add(handler);
            });
        return builder;
    }
}
