namespace ResumePair.Documents.Photos;

/// <summary>The image type by its first bytes ("magic"), never by the declared Content-Type or file name.</summary>
public static class ImageSniffer
{
    /// <summary>Enough bytes to tell the accepted types apart.</summary>
    public const int HeaderLength = 12;

    public static string? ContentType(ReadOnlySpan<byte> header)
    {
        if (header.Length >= 3 && header[0] == 0xFF && header[1] == 0xD8 && header[2] == 0xFF) return "image/jpeg";
        if (
            header.Length >= 8
            && header[..8].SequenceEqual(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A })
        )
            return "image/png";
        if (header.Length >= 12 && header[..4].SequenceEqual("RIFF"u8) && header[8..12].SequenceEqual("WEBP"u8))
            return "image/webp";
        return null;
    }
}
