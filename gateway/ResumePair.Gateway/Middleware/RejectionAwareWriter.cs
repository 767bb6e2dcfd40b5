using System.Buffers;
using System.IO.Pipelines;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.WebUtilities;

namespace ResumePair.Gateway.Middleware;

/// <summary>What Kestrel refused, and the ids its answer carries.</summary>
public sealed record RejectedRequest(int Status, string RequestId, string TraceId);

/// <summary>
/// A connection's output, passed through unchanged until <see cref="Hold"/>: from then on (Kestrel is about to write
/// the head of its rejection and close) bytes are kept until the head is complete, then written again as the same
/// status with a problem body. Anything that is not a bodiless HTTP/1.x head with that status goes out as it came.
/// </summary>
public sealed class RejectionAwareWriter(PipeWriter inner) : PipeWriter
{
    private ArrayBufferWriter<byte>? _held;
    private RejectedRequest? _rejection;

    /// <summary>Called on the connection's own processing path, between writes (no memory is leased then).</summary>
    public void Hold(RejectedRequest rejection)
    {
        _rejection = rejection;
        _held = new ArrayBufferWriter<byte>(512);
    }

    public override Memory<byte> GetMemory(int sizeHint = 0) =>
        _held is { } held ? held.GetMemory(sizeHint) : inner.GetMemory(sizeHint);

    public override Span<byte> GetSpan(int sizeHint = 0) =>
        _held is { } held ? held.GetSpan(sizeHint) : inner.GetSpan(sizeHint);

    public override void Advance(int bytes)
    {
        if (_held is { } held) held.Advance(bytes);
        else inner.Advance(bytes);
    }

    public override ValueTask<FlushResult> FlushAsync(CancellationToken cancellationToken = default)
    {
        Release(final: false);
        return inner.FlushAsync(cancellationToken);
    }

    public override void CancelPendingFlush() => inner.CancelPendingFlush();

    public override bool CanGetUnflushedBytes => inner.CanGetUnflushedBytes;

    public override long UnflushedBytes => inner.UnflushedBytes + (_held?.WrittenCount ?? 0);

    public override void Complete(Exception? exception = null)
    {
        Release(final: true);
        inner.Complete(exception);
    }

    public override async ValueTask CompleteAsync(Exception? exception = null)
    {
        Release(final: true);
        await inner.FlushAsync();
        await inner.CompleteAsync(exception);
    }

    /// <summary>Once the held head is complete (or the connection ends), its replacement or itself goes out.</summary>
    private void Release(bool final)
    {
        if (_held is not { } held) return;
        var bytes = held.WrittenSpan;
        var end = bytes.IndexOf("\r\n\r\n"u8);
        if (end < 0 && !final) return;
        _held = null;
        var whole = end >= 0 && end + 4 == bytes.Length;
        inner.Write(whole && Rewrite(bytes[..end], _rejection!) is { } answer ? answer : bytes);
    }

    /// <summary>The head less its length, plus the problem's headers and body; null when it is not Kestrel's.</summary>
    internal static byte[]? Rewrite(ReadOnlySpan<byte> head, RejectedRequest rejection)
    {
        var lines = Encoding.Latin1.GetString(head).Split("\r\n");
        var status = lines[0].Split(' ');
        if (!lines[0].StartsWith("HTTP/1.", StringComparison.Ordinal) || status.Length < 2
            || status[1] != rejection.Status.ToString(System.Globalization.CultureInfo.InvariantCulture))
            return null;
        var body = JsonSerializer.SerializeToUtf8Bytes(Problem(rejection));
        var text = new StringBuilder(lines[0]).Append("\r\n");
        foreach (var line in lines.Skip(1))
        {
            if (line.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase)) continue;
            if (line.StartsWith("Content-Type:", StringComparison.OrdinalIgnoreCase)) return null; // a body of its own
            text.Append(line).Append("\r\n");
        }
        text.Append("Content-Type: application/problem+json\r\n")
            .Append("Content-Length: ").Append(body.Length).Append("\r\n")
            .Append(RequestCorrelationMiddleware.HeaderName).Append(": ").Append(rejection.RequestId).Append("\r\n")
            .Append("Cache-Control: no-store\r\n")
            .Append("Content-Security-Policy: ").Append(SecurityHeadersMiddleware.ApiPolicy).Append("\r\n")
            .Append("X-Content-Type-Options: nosniff\r\n")
            .Append("\r\n");
        return [.. Encoding.Latin1.GetBytes(text.ToString()), .. body];
    }

    private static Dictionary<string, object> Problem(RejectedRequest rejection) => new()
    {
        ["type"] = $"https://httpstatuses.io/{rejection.Status}",
        ["title"] = ReasonPhrases.GetReasonPhrase(rejection.Status) is { Length: > 0 } title ? title : "Bad request",
        ["status"] = rejection.Status,
        ["detail"] = rejection.Status switch
        {
            StatusCodes.Status400BadRequest => "The request line or a header field is malformed.",
            StatusCodes.Status408RequestTimeout => "The request's header fields did not arrive in time.",
            StatusCodes.Status413PayloadTooLarge => "The request body is larger than this route accepts.",
            StatusCodes.Status414UriTooLong => "The request target (URL) is longer than this server accepts.",
            StatusCodes.Status431RequestHeaderFieldsTooLarge =>
                "The request's header fields are larger, or more numerous, than this server accepts.",
            _ => "The server refused the request before reading it.",
        },
        ["traceId"] = rejection.TraceId,
        ["requestId"] = rejection.RequestId,
    };
}
