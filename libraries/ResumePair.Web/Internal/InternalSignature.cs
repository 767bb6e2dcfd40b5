using System.Security.Cryptography;
using System.Text;

namespace ResumePair.Web.Internal;

/// <summary>
/// HMAC-SHA256 over method, path and query, a Unix timestamp and the body's SHA-256, with the shared
/// <see cref="InternalAuthOptions.Key"/>. The body hash binds the signature to the content, the timestamp limits
/// a captured request to the clock-skew window.
/// </summary>
public static class InternalSignature
{
    public const string TimestampHeader = "X-Internal-Timestamp";
    public const string SignatureHeader = "X-Internal-Signature";

    public static string Compute(
        string key,
        string method,
        string pathAndQuery,
        long unixSeconds,
        ReadOnlySpan<byte> body
    )
    {
        var bodyHash = Convert.ToHexStringLower(SHA256.HashData(body));
        var canonical = $"{method.ToUpperInvariant()}\n{pathAndQuery}\n{unixSeconds}\n{bodyHash}";
        return Convert.ToHexStringLower(
            HMACSHA256.HashData(Encoding.UTF8.GetBytes(key), Encoding.UTF8.GetBytes(canonical))
        );
    }

    /// <summary>Constant-time comparison, so the check does not leak how much of a guess was right.</summary>
    public static bool Matches(string expected, string presented) =>
        CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(expected), Encoding.ASCII.GetBytes(presented));
}
