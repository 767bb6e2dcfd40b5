using System.Buffers;

namespace ResumePair.Documents.Http;

/// <summary>
/// Reads a request body into memory once per request, refusing more than <see cref="MaxBytes"/> (413), so
/// that the idempotency filter (which hashes it) and the endpoint (which validates it) read the same bytes.
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
        request.HttpContext.Items[CacheKey] = body;
        return body;
    }

    private static BadHttpRequestException TooLarge() =>
        new($"The request body is larger than {MaxBytes} bytes.", StatusCodes.Status413PayloadTooLarge);
}
