using System.Diagnostics.CodeAnalysis;
using System.Security.Claims;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.Caching.Memory;

namespace ResumePair.Gateway.Auth;

/// <summary>
/// The gateway sees each access token again on every request of its 15 minutes (an editor autosaves every 2 s).
/// JwtBearer validates it once, then this cache answers for it from the bearer handler's first event, before the
/// handler clones its validation parameters, parses the token, checks the RS256 signature and builds an identity:
/// all of that happens once per token instead of once per request (bench/README.md, "Gateway: token cache from
/// JwtBearer's first event").
/// A validation is kept per token string until the token expires, at most <see cref="MaxAge"/>: no longer than the
/// validator itself trusts signing keys it has fetched (JWKS refresh, 10 minutes), so a key withdrawn from the JWKS
/// stops counting as soon as it would have without the cache. Failures are never kept (only a validated token reaches
/// <c>OnTokenValidated</c>). Every request with the token gets the same principal, frozen so that no request can
/// change what the next one sees. Session revocation is checked after authentication, on every request, as before.
/// </summary>
public sealed class ValidatedTokenCache(IMemoryCache cache, TimeProvider clock)
{
    public static readonly TimeSpan MaxAge = TimeSpan.FromMinutes(5);

    private const string Bearer = "Bearer ";

    public sealed record Entry(ClaimsPrincipal Principal, DateTimeOffset Issued, DateTimeOffset Expires,
        DateTimeOffset Until);

    public bool TryGet(string token, [NotNullWhen(true)] out Entry? entry)
    {
        if (cache.TryGetValue(new CacheKey(token), out entry) && entry!.Until > clock.GetUtcNow()) return true;
        entry = null;
        return false;
    }

    /// <summary>A token the validator accepted: kept until it expires, at most <see cref="MaxAge"/>.</summary>
    public Entry? Add(string token, ClaimsPrincipal principal, DateTime validFrom, DateTime validTo)
    {
        var now = clock.GetUtcNow();
        var expires = new DateTimeOffset(DateTime.SpecifyKind(validTo, DateTimeKind.Utc));
        if (expires <= now) return null;
        var until = expires < now + MaxAge ? expires : now + MaxAge;
        var entry = new Entry(FrozenPrincipal.Of(principal),
            new DateTimeOffset(DateTime.SpecifyKind(validFrom, DateTimeKind.Utc)), expires, until);
        // The entry's own expiry frees the memory; TryGet's check uses this clock.
        cache.Set(new CacheKey(token), entry, new MemoryCacheEntryOptions { AbsoluteExpiration = until, Size = 1 });
        return entry;
    }

    /// <summary>JwtBearer's first event: a known token is authenticated here; the handler does nothing more.</summary>
    public Task OnMessageReceived(MessageReceivedContext context)
    {
        if (TokenOf(context.Request) is { } token && TryGet(token, out var known))
        {
            context.Principal = known.Principal;
            context.Properties.IssuedUtc = known.Issued;
            context.Properties.ExpiresUtc = known.Expires;
            context.Success();
        }
        return Task.CompletedTask;
    }

    /// <summary>After a full validation: the token is kept; this request already gets the frozen principal.</summary>
    public Task OnTokenValidated(TokenValidatedContext context)
    {
        if (TokenOf(context.Request) is { } token && context.Principal is { } principal
            && Add(token, principal, context.SecurityToken.ValidFrom, context.SecurityToken.ValidTo) is { } entry)
            context.Principal = entry.Principal;
        return Task.CompletedTask;
    }

    /// <summary>As JwtBearer reads it: the Authorization header's bearer token.</summary>
    private static string? TokenOf(HttpRequest request)
    {
        var authorization = request.Headers.Authorization.ToString();
        return authorization.StartsWith(Bearer, StringComparison.OrdinalIgnoreCase)
            && authorization[Bearer.Length..].Trim() is { Length: > 0 } token ? token : null;
    }

    /// <summary>Its own key type, so no other entry of the shared cache can collide with a token.</summary>
    private readonly record struct CacheKey(string Token);
}

/// <summary>A principal shared by every request with one token: adding identities or claims to it throws.</summary>
public sealed class FrozenPrincipal : ClaimsPrincipal
{
    private FrozenPrincipal(ClaimsIdentity identity) : base(identity) { }

    public static FrozenPrincipal Of(ClaimsPrincipal principal) => principal as FrozenPrincipal
        ?? new FrozenPrincipal(FrozenIdentity.Of(principal.Identities.Single()));

    public override void AddIdentity(ClaimsIdentity identity) => throw Frozen();

    public override void AddIdentities(IEnumerable<ClaimsIdentity> identities) => throw Frozen();

    internal static InvalidOperationException Frozen() =>
        new("The principal of a cached access token is shared by every request with that token; it cannot change.");

    /// <summary>A copy of the validated identity's claims (each claim's subject is the copy).</summary>
    private sealed class FrozenIdentity(IEnumerable<Claim> claims, string? type, string nameType, string roleType)
        : ClaimsIdentity(claims, type, nameType, roleType)
    {
        public static FrozenIdentity Of(ClaimsIdentity identity) =>
            new(identity.Claims, identity.AuthenticationType, identity.NameClaimType, identity.RoleClaimType);

        public override void AddClaim(Claim claim) => throw Frozen();

        public override void AddClaims(IEnumerable<Claim?> claims) => throw Frozen();

        public override void RemoveClaim(Claim? claim) => throw Frozen();

        public override bool TryRemoveClaim(Claim? claim) => throw Frozen();
    }
}

public static class ValidatedTokenCacheExtensions
{
    /// <summary>After <c>AddDefaultJwtValidation</c>: the same validation, once per token.</summary>
    public static IHostApplicationBuilder AddValidatedTokenCache(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<ValidatedTokenCache>();
        builder.Services.AddOptions<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme)
            .Configure<ValidatedTokenCache>((o, cache) =>
            {
                o.Events ??= new JwtBearerEvents();
                o.Events.OnMessageReceived = cache.OnMessageReceived;
                var validated = o.Events.OnTokenValidated;
                o.Events.OnTokenValidated = async context =>
                {
                    await validated(context);
                    if (context.Result is null) await cache.OnTokenValidated(context);
                };
            });
        return builder;
    }
}
