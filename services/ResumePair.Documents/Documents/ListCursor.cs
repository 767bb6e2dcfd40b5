using Microsoft.IdentityModel.Tokens;

namespace ResumePair.Documents.Documents;

/// <summary>
/// The keyset position after the last item of a page, (updated_at, id) — (deleted_at, id) in the trash — as an opaque
/// base64url string: 8 bytes of microseconds since the Unix epoch, then the 16 bytes of the id. Clients must not parse
/// it.
/// </summary>
public readonly record struct ListCursor(DateTime UpdatedAt, Guid Id)
{
    private const int Length = 24;

    public string Encode()
    {
        Span<byte> bytes = stackalloc byte[Length];
        var micros = (UpdatedAt.ToUniversalTime() - DateTime.UnixEpoch).Ticks / TimeSpan.TicksPerMicrosecond;
        System.Buffers.Binary.BinaryPrimitives.WriteInt64BigEndian(bytes, micros);
        Id.TryWriteBytes(bytes[8..], bigEndian: true, out _);
        return Base64UrlEncoder.Encode(bytes.ToArray());
    }

    public static bool TryDecode(string? value, out ListCursor cursor)
    {
        cursor = default;
        if (string.IsNullOrEmpty(value) || value.Length > 64) return false;
        byte[] bytes;
        try
        {
            bytes = Base64UrlEncoder.DecodeBytes(value);
        }
        catch (FormatException)
        {
            return false;
        }
        if (bytes.Length != Length) return false;
        var micros = System.Buffers.Binary.BinaryPrimitives.ReadInt64BigEndian(bytes);
        if (micros < 0 || micros > (DateTime.MaxValue - DateTime.UnixEpoch).Ticks / TimeSpan.TicksPerMicrosecond)
            return false;
        cursor = new ListCursor(
            DateTime.UnixEpoch.AddTicks(micros * TimeSpan.TicksPerMicrosecond),
            new Guid(bytes.AsSpan(8), bigEndian: true)
        );
        return true;
    }
}
