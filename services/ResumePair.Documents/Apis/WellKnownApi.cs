using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;
using ResumePair.Documents.Accounts;
using ResumePair.ServiceDefaults.Auth;

namespace ResumePair.Documents.Apis;

/// <summary>OpenID discovery and the JWKS that every other service validates access tokens with.</summary>
public static class WellKnownApi
{
    public static IEndpointRouteBuilder MapWellKnownApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/.well-known").WithTags("Keys").AllowAnonymous();
        api.MapGet("/openid-configuration", OpenIdConfiguration);
        api.MapGet("/jwks.json", JwksAsync);
        return app;
    }

    public static IResult OpenIdConfiguration(HttpRequest request, IOptions<JwtSettings> jwt) =>
        TypedResults.Json(
            new Dictionary<string, object>
            {
                // Absolute from the request, so it is right behind discovery, the gateway or a test server alike.
                ["issuer"] = jwt.Value.Issuer,
                ["jwks_uri"] = $"{request.Scheme}://{request.Host}{request.PathBase}/.well-known/jwks.json",
                ["id_token_signing_alg_values_supported"] = new[] { SecurityAlgorithms.RsaSha256 },
                ["token_endpoint"] = $"{request.Scheme}://{request.Host}{request.PathBase}/api/v1/auth/login",
            }
        );

    public static async Task<IResult> JwksAsync(SigningKeyStore keys, HttpResponse response, CancellationToken ct)
    {
        var published = await keys.GetPublishedAsync(ct);
        // Short cache: validators pick up a new key within minutes, and refetch at once on an unknown kid.
        response.Headers.CacheControl = "public, max-age=300";
        return TypedResults.Json(
            new
            {
                keys = published.Select(key =>
                {
                    var jwk = JsonWebKeyConverter.ConvertFromRSASecurityKey(key);
                    return new
                    {
                        kty = jwk.Kty,
                        use = "sig",
                        alg = SecurityAlgorithms.RsaSha256,
                        kid = key.KeyId,
                        n = jwk.N,
                        e = jwk.E,
                    };
                }),
            }
        );
    }
}
