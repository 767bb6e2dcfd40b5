using System.Security.Claims;
using System.Security.Cryptography;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace ResumePair.PdfRenderer.Tests.Support;

/// <summary>Mints access tokens shaped like the documents service's (RS256, iss/aud, sub), signed by a test
/// key.</summary>
public sealed class TestTokens
{
    private readonly RSA _rsa = RSA.Create(2048);
    public SecurityKey Key { get; }

    public TestTokens() => Key = new RsaSecurityKey(_rsa) { KeyId = "test-key" };

    public string Create(Guid? userId = null, string audience = "resumepair-api") =>
        new JsonWebTokenHandler().CreateToken(
            new SecurityTokenDescriptor
            {
                Issuer = "resumepair",
                Audience = audience,
                Subject = new ClaimsIdentity([
                    new Claim("sub", (userId ?? Guid.NewGuid()).ToString()),
                    new Claim("role", "user"),
                ]),
                Expires = DateTime.UtcNow.AddMinutes(15),
                SigningCredentials = new SigningCredentials(Key, SecurityAlgorithms.RsaSha256),
            }
        );
}
