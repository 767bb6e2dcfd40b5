using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.IdentityModel.Tokens;
using ResumePair.ServiceDefaults.Http;

namespace ResumePair.ServiceDefaults.Auth;

public sealed class JwtSettings
{
    public const string Section = "Jwt";
    public string Issuer { get; set; } = "resumepair";
    public string Audience { get; set; } = "resumepair-api";

    /// <summary>Where the issuer's OpenID configuration (and JWKS) is served. Defaults to the documents
    /// service.</summary>
    public string? MetadataAddress { get; set; }
}

/// <summary>
/// Every service validates access tokens the same way: signature keys fetched from the documents
/// service's JWKS (no shared secret), issuer and audience checked, 30 s clock skew.
/// </summary>
public static class JwtValidationExtensions
{
    public const string KeysClientName = "signing-keys";

    public static IHostApplicationBuilder AddDefaultJwtValidation(this IHostApplicationBuilder builder)
    {
        var settings = builder.Configuration.GetSection(JwtSettings.Section).Get<JwtSettings>() ?? new JwtSettings();
        builder.Services.Configure<JwtSettings>(builder.Configuration.GetSection(JwtSettings.Section));
        var metadata = settings.MetadataAddress ?? "http://documents/.well-known/openid-configuration";
        // The keys come through discovery like any call to the documents service (a refused replica is skipped).
        builder.Services.AddHttpClient(KeysClientName).AddServiceResilience(TimeSpan.FromSeconds(10));
        builder.Services.AddOptions<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme)
            .Configure<IHttpClientFactory>((o, clients) => o.Backchannel = clients.CreateClient(KeysClientName));

        builder.Services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer(o =>
        {
            o.MetadataAddress = metadata;
            o.RequireHttpsMetadata = false;
            o.MapInboundClaims = false;
            o.RefreshOnIssuerKeyNotFound = true;
            o.AutomaticRefreshInterval = TimeSpan.FromMinutes(10);
            o.RefreshInterval = TimeSpan.FromSeconds(10);
            o.TokenValidationParameters = new TokenValidationParameters
            {
                ValidIssuer = settings.Issuer,
                ValidAudience = settings.Audience,
                ClockSkew = TimeSpan.FromSeconds(30),
                NameClaimType = "sub",
                RoleClaimType = "role",
            };
            o.Events = new JwtBearerEvents { OnChallenge = AnswerUnavailableKeysWith503Async };
        });
        builder.Services.AddAuthorization();
        return builder;
    }

    /// <summary>
    /// Keys that cannot be fetched (the documents service down before this process had them) are an outage, not a bad
    /// token: 503 + Retry-After, so a client waits and retries instead of refreshing its token or signing the user out.
    /// </summary>
    private static async Task AnswerUnavailableKeysWith503Async(JwtBearerChallengeContext context)
    {
        // With no keys fetched yet, IdentityModel reports a missing signature key; asking for the configuration again
        // tells an unreachable issuer (it throws) from a token signed with a key the issuer does not have (401 stands).
        if (
            context.AuthenticateFailure is not SecurityTokenSignatureKeyNotFoundException
            || context.Options.ConfigurationManager is null
        )
            return;
        try
        {
            await context.Options.ConfigurationManager.GetConfigurationAsync(context.HttpContext.RequestAborted);
            return;
        }
        catch (InvalidOperationException)
        {
        }
        context.HandleResponse();
        context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        context.Response.Headers.RetryAfter = "2";
        var problems = context.HttpContext.RequestServices.GetRequiredService<IProblemDetailsService>();
        await problems.TryWriteAsync(
            new ProblemDetailsContext
            {
                HttpContext = context.HttpContext,
                ProblemDetails = new ProblemDetails
                {
                    Status = StatusCodes.Status503ServiceUnavailable,
                    Title = "Dependency unavailable",
                    Detail =
                        "Access tokens cannot be checked right now (the signing keys are unavailable); "
                            + "try again shortly.",
                },
            }
        );
    }
}
