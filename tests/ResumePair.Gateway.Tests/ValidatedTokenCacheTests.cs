using System.Security.Cryptography;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Time.Testing;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using ResumePair.Gateway.Auth;
using Xunit;

namespace ResumePair.Gateway.Tests;

/// <summary>The gateway's cache of successful token validations: what it keeps, for how long, and what it never keeps.</summary>
public sealed class ValidatedTokenCacheTests
{
    private readonly RsaSecurityKey _key = new(RSA.Create(2048)) { KeyId = "test-key" };
    private readonly FakeTimeProvider _clock = new(DateTimeOffset.UtcNow);
    private int _validations;

    [Fact]
    public async Task A_valid_token_is_validated_once_then_served_with_its_own_identity_until_it_expires()
    {
        var handler = new CachingJsonWebTokenHandler(new MemoryCache(new MemoryCacheOptions { SizeLimit = 100 }), _clock);
        var token = Token(lifetime: TimeSpan.FromMinutes(2));

        var first = await handler.ValidateTokenAsync(token, Parameters());
        var second = await handler.ValidateTokenAsync(token, Parameters());

        Assert.True(first.IsValid);
        Assert.True(second.IsValid);
        Assert.Equal(1, _validations);
        Assert.NotSame(first.ClaimsIdentity, second.ClaimsIdentity);
        Assert.Equal("user-1", second.ClaimsIdentity.FindFirst("sub")?.Value);

        // Past the token's expiry the cache no longer answers: the validator does again.
        _clock.Advance(TimeSpan.FromMinutes(2) + TimeSpan.FromSeconds(1));
        await handler.ValidateTokenAsync(token, Parameters());
        Assert.Equal(2, _validations);
    }

    [Fact]
    public async Task A_validation_is_kept_no_longer_than_the_cap_even_for_a_long_token()
    {
        var handler = new CachingJsonWebTokenHandler(new MemoryCache(new MemoryCacheOptions { SizeLimit = 100 }), _clock);
        var token = Token(lifetime: TimeSpan.FromMinutes(15));

        await handler.ValidateTokenAsync(token, Parameters());
        _clock.Advance(CachingJsonWebTokenHandler.MaxAge + TimeSpan.FromSeconds(1));
        await handler.ValidateTokenAsync(token, Parameters());

        Assert.Equal(2, _validations);
    }

    [Fact]
    public async Task A_token_that_fails_is_validated_again_every_time()
    {
        var handler = new CachingJsonWebTokenHandler(new MemoryCache(new MemoryCacheOptions { SizeLimit = 100 }), _clock);
        var token = Token(lifetime: TimeSpan.FromMinutes(2));
        var tampered = token[..^4] + (token[^4..] == "AAAA" ? "BBBB" : "AAAA");

        var first = await handler.ValidateTokenAsync(tampered, Parameters());
        var second = await handler.ValidateTokenAsync(tampered, Parameters());

        Assert.False(first.IsValid);
        Assert.False(second.IsValid);
        Assert.Equal(2, _validations);
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

    /// <summary>As the gateway validates (issuer, audience, RS256 key); the key resolver counts real validations.</summary>
    private TokenValidationParameters Parameters() => new()
    {
        ValidIssuer = "resumepair",
        ValidAudience = "resumepair-api",
        ClockSkew = TimeSpan.FromSeconds(30),
        IssuerSigningKeyResolver = (_, _, _, _) =>
        {
            Interlocked.Increment(ref _validations);
            return [_key];
        },
    };
}
