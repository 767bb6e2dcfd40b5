using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.IdentityModel.Tokens;
using ResumePair.ServiceDefaults.Discovery;

namespace ResumePair.ServiceDefaults.Auth;

public sealed class JwtSettings
{
    public const string Section = "Jwt";
    public string Issuer { get; set; } = "resumepair";
    public string Audience { get; set; } = "resumepair-api";
    /// <summary>Where the issuer's OpenID configuration (and JWKS) is served. Defaults to the documents service.</summary>
    public string? MetadataAddress { get; set; }
}

/// <summary>
/// Every service validates access tokens the same way: signature keys fetched from the documents
/// service's JWKS (no shared secret), issuer and audience checked, 30 s clock skew.
/// </summary>
public static class JwtValidationExtensions
{
    public static IHostApplicationBuilder AddDefaultJwtValidation(this IHostApplicationBuilder builder)
    {
        var settings = builder.Configuration.GetSection(JwtSettings.Section).Get<JwtSettings>() ?? new JwtSettings();
        builder.Services.Configure<JwtSettings>(builder.Configuration.GetSection(JwtSettings.Section));
        var metadata = settings.MetadataAddress
            ?? ServiceEndpoints.GetUrls(builder.Configuration, "documents").Select(u => u.TrimEnd('/') + "/.well-known/openid-configuration").FirstOrDefault();

        builder.Services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer(o =>
        {
            if (metadata is not null) o.MetadataAddress = metadata;
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
        });
        builder.Services.AddAuthorization();
        return builder;
    }
}
