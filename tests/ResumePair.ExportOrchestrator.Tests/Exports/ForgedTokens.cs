using System.Security.Cryptography;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace ResumePair.ExportOrchestrator.Tests.Exports;

/// <summary>
/// Tokens shaped like the documents service's (RS256, its issuer and audience, a real user's id) but signed by a key
/// it never published: what an attacker could make. The orchestrator must refuse them.
/// </summary>
public static class ForgedTokens
{
    public static string SignedByAnUnknownKey(Guid userId)
    {
        using var rsa = RSA.Create(2048);
        return new JsonWebTokenHandler().CreateToken(
            new SecurityTokenDescriptor
            {
                Issuer = "resumepair",
                Audience = "resumepair-api",
                Claims = new Dictionary<string, object> { ["sub"] = userId.ToString(), ["role"] = "user" },
                IssuedAt = DateTime.UtcNow,
                NotBefore = DateTime.UtcNow.AddSeconds(-5),
                Expires = DateTime.UtcNow.AddMinutes(15),
                SigningCredentials = new SigningCredentials(
                    new RsaSecurityKey(rsa.ExportParameters(true)) { KeyId = "forged" },
                    SecurityAlgorithms.RsaSha256
                ),
            }
        );
    }
}
