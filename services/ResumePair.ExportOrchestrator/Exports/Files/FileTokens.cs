using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.WebUtilities;

namespace ResumePair.ExportOrchestrator.Exports;

public enum TokenPurpose { Upload, Download }

public enum TokenCheck { Valid, Invalid, Expired }

public sealed record FileToken(TokenPurpose Purpose, Guid JobId, int Attempt, DateTimeOffset ExpiresAt);

/// <summary>
/// Capability URLs: <c>base64url(purpose.job.attempt.expiry)</c> + "." + <c>base64url(HMAC-SHA256)</c>. The
/// signature is the authorization, so the purpose is signed too (an upload token is not a download token).
/// The signature is checked before the expiry, so an edited expiry is "tampered", not "expired".
/// </summary>
public sealed class FileTokens(SigningKeyStore keys, TimeProvider time)
{
    public async Task<string> CreateAsync(FileToken token, CancellationToken ct)
    {
        var payload = Encoding.ASCII.GetBytes(string.Join('.',
            token.Purpose == TokenPurpose.Upload ? "u" : "d",
            token.JobId.ToString("N"),
            token.Attempt.ToString(CultureInfo.InvariantCulture),
            token.ExpiresAt.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture)));
        var signature = HMACSHA256.HashData(await keys.GetAsync(ct), payload);
        return WebEncoders.Base64UrlEncode(payload) + "." + WebEncoders.Base64UrlEncode(signature);
    }

    public async Task<(TokenCheck Check, FileToken? Token)> VerifyAsync(
        string value,
        TokenPurpose purpose,
        CancellationToken ct
    )
    {
        var dot = value.IndexOf('.');
        if (dot <= 0 || dot == value.Length - 1) return (TokenCheck.Invalid, null);
        byte[] payload, signature;
        try
        {
            payload = WebEncoders.Base64UrlDecode(value[..dot]);
            signature = WebEncoders.Base64UrlDecode(value[(dot + 1)..]);
        }
        catch (FormatException)
        {
            return (TokenCheck.Invalid, null);
        }
        var expected = HMACSHA256.HashData(await keys.GetAsync(ct), payload);
        if (!CryptographicOperations.FixedTimeEquals(expected, signature)) return (TokenCheck.Invalid, null);

        var parts = Encoding.ASCII.GetString(payload).Split('.');
        if (parts.Length != 4
            || parts[0] != (purpose == TokenPurpose.Upload ? "u" : "d")
            || !Guid.TryParseExact(parts[1], "N", out var jobId)
            || !int.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out var attempt)
            || !long.TryParse(parts[3], NumberStyles.None, CultureInfo.InvariantCulture, out var expiry))
            return (TokenCheck.Invalid, null);

        var token = new FileToken(purpose, jobId, attempt, DateTimeOffset.FromUnixTimeSeconds(expiry));
        return (token.ExpiresAt <= time.GetUtcNow() ? TokenCheck.Expired : TokenCheck.Valid, token);
    }
}
