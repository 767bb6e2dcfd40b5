using System.Buffers;
using System.Text.Json;

namespace ResumePair.Documents.Http;

/// <summary>
/// Reads a JSON request body into memory once per request, refusing more than <see cref="MaxBytes"/> (413)
/// and anything that is not strictly well-formed (400, see <see cref="EnsureWellFormed"/>), so every later
/// parse of these bytes is safe.
/// </summary>
public static class JsonBody
{
    /// <summary>The per-document size limit of the public contract (1 MiB).</summary>
    public const int MaxBytes = 1024 * 1024;

    private static readonly object CacheKey = new();

    public static async Task<byte[]> ReadAsync(HttpRequest request, CancellationToken ct)
    {
        if (request.HttpContext.Items.TryGetValue(CacheKey, out var cached)) return (byte[])cached!;
        if (request.ContentLength > MaxBytes) throw TooLarge();

        using var buffer = new MemoryStream();
        var chunk = ArrayPool<byte>.Shared.Rent(16 * 1024);
        try
        {
            int read;
            while ((read = await request.Body.ReadAsync(chunk, ct)) > 0)
            {
                if (buffer.Length + read > MaxBytes) throw TooLarge();
                buffer.Write(chunk, 0, read);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(chunk);
        }
        var body = buffer.ToArray();
        EnsureWellFormed(body);
        request.HttpContext.Items[CacheKey] = body;
        return body;
    }

    /// <summary>
    /// System.Text.Json checks structure when parsing but string contents only when they are read, so a lone
    /// surrogate or invalid UTF-8 inside a string, a duplicate property or a NUL character (which PostgreSQL's
    /// jsonb cannot store) would surface later as a 500. Checked once here: one token pass, no allocation per
    /// token except strings that contain escapes.
    /// </summary>
    public static void EnsureWellFormed(byte[] body)
    {
        try
        {
            var reader = new Utf8JsonReader(body, new JsonReaderOptions { MaxDepth = MaxDepth });
            while (reader.Read())
            {
                if (reader.TokenType is not (JsonTokenType.String or JsonTokenType.PropertyName)) continue;
                if (!reader.ValueIsEscaped && !System.Text.Unicode.Utf8.IsValid(reader.ValueSpan))
                    throw new JsonException("A string is not valid UTF-8.");
                if (reader.ValueIsEscaped && reader.GetString()!.Contains('\0'))
                    throw new JsonException("Strings must not contain NUL characters.");
                if (!reader.ValueIsEscaped && reader.ValueSpan.IndexOf((byte)0) >= 0)
                    throw new JsonException("Strings must not contain NUL characters.");
            }
            // Duplicate property names are ambiguous (which one wins differs between parsers): refused.
            using var _ = JsonDocument.Parse(
                body,
                new JsonDocumentOptions { MaxDepth = MaxDepth, AllowDuplicateProperties = false }
            );
        }
        catch (InvalidOperationException e)
        {
            // GetString on a lone surrogate escape (\ud800).
            throw new BadHttpRequestException(
                "The request body is not well-formed JSON.",
                StatusCodes.Status400BadRequest,
                new JsonException(e.Message, e)
            );
        }
        catch (JsonException e)
        {
            throw new BadHttpRequestException(
                "The request body is not well-formed JSON.",
                StatusCodes.Status400BadRequest,
                e
            );
        }
    }

    /// <summary>Documents are shallow (about 6 levels); 64 is System.Text.Json's default.</summary>
    public const int MaxDepth = 64;

    private static BadHttpRequestException TooLarge() =>
        new($"The request body is larger than {MaxBytes} bytes.", StatusCodes.Status413PayloadTooLarge);
}
