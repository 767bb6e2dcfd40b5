using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using ResumePair.ServiceDefaults.Auth;

namespace ResumePair.Documents.Accounts;

/// <summary>
/// The issuer validates its own tokens from its key store instead of fetching its own JWKS over HTTP
/// (which would need its own address and could not work before it listens). JwtBearer asks for a
/// refresh when a token names an unknown <c>kid</c> (a key another replica just created).
/// </summary>
public sealed class OwnKeysConfigurationManager(SigningKeyStore keys, IOptions<JwtSettings> jwt)
    : IConfigurationManager<OpenIdConnectConfiguration>
{
    public async Task<OpenIdConnectConfiguration> GetConfigurationAsync(CancellationToken cancel)
    {
        var configuration = new OpenIdConnectConfiguration { Issuer = jwt.Value.Issuer };
        foreach (var key in await keys.GetPublishedAsync(cancel)) configuration.SigningKeys.Add(key);
        return configuration;
    }

    public void RequestRefresh() => keys.Invalidate();
}
