namespace ResumePair.PdfRenderer.Templates;

/// <summary>
/// A profile photo as bytes (from the message, or decoded from a preview request's data: URI). Only images whose
/// bytes really are JPEG, PNG, WebP or GIF are printed, and only inline as a data: URI, so a photo can neither
/// reach the network nor smuggle markup.
/// </summary>
public sealed record Photo(string ContentType, byte[] Bytes)
{
    public string? ToDataUri(int maxBytes)
    {
        if (Bytes.Length == 0 || Bytes.Length > maxBytes) return null;
        var sniffed = Sniff(Bytes);
        return sniffed is null ? null : $"data:{sniffed};base64,{Convert.ToBase64String(Bytes)}";
    }

    /// <summary>The declared content type is not trusted: the magic bytes decide.</summary>
    private static string? Sniff(ReadOnlySpan<byte> b) =>
        b.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xD8, 0xFF]) ? "image/jpeg"
        : b.StartsWith((ReadOnlySpan<byte>)[0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) ? "image/png"
        : b.Length > 12 && b[..4].SequenceEqual("RIFF"u8) && b[8..12].SequenceEqual("WEBP"u8) ? "image/webp"
        : b.StartsWith("GIF8"u8) ? "image/gif"
        : null;

    /// <summary>Parses <c>data:image/…;base64,…</c>; anything else (http:, file:, malformed) is null.</summary>
    public static Photo? FromDataUri(string? uri)
    {
        if (string.IsNullOrWhiteSpace(uri) || !uri.StartsWith("data:", StringComparison.OrdinalIgnoreCase)) return null;
        var comma = uri.IndexOf(',');
        if (comma < 0 || !uri.AsSpan(5, comma - 5).EndsWith(";base64", StringComparison.OrdinalIgnoreCase)) return null;
        var buffer = new byte[(uri.Length - comma) * 3 / 4 + 3];
        return Convert.TryFromBase64String(uri[(comma + 1)..], buffer, out var written)
            ? new Photo(uri[5..(comma - 7)], buffer[..written])
            : null;
    }
}
