using Microsoft.AspNetCore.Http.Features;
using Yarp.ReverseProxy.Forwarder;

namespace ResumePair.Gateway.Middleware;

/// <summary>
/// The gateway refuses a body bigger than the service behind the route accepts, before forwarding it. Without this a
/// service answered 413 and closed the connection while YARP was still sending, and the client saw a 502 (browsers
/// never send <c>Expect: 100-continue</c>, which is what let the service refuse first). A declared length over the
/// limit is refused at once; a chunked body is counted while it streams and the forwarding error becomes a 413.
/// </summary>
public sealed class RequestBodyLimitMiddleware(RequestDelegate next)
{
    /// <summary>Documents' own limit (two documents' worth, <c>JsonBody.MaxBytes</c> each), the smallest behind
    /// us.</summary>
    public const long DefaultLimit = 2 * 1024 * 1024;

    /// <summary>Uploads: photos and resume files are at most 5 MiB; multipart framing adds a little.</summary>
    public const long UploadLimit = 5 * 1024 * 1024 + 64 * 1024;

    public static long LimitFor(PathString path) =>
        path.StartsWithSegments("/api/v1/photos/uploads") || path.StartsWithSegments("/api/v1/imports")
            ? UploadLimit
            : DefaultLimit;

    public async Task InvokeAsync(HttpContext context)
    {
        var limit = LimitFor(context.Request.Path);
        if (context.Request.ContentLength > limit)
        {
            await TooLargeAsync(context, limit);
            return;
        }
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size)
            size.MaxRequestBodySize = limit;
        if (context.Request.ContentLength is null && context.Request.Body is { CanRead: true } body)
            context.Request.Body = new CountingStream(body, limit);

        await next(context);

        if (!context.Response.HasStarted && context.Features.Get<IForwarderErrorFeature>()?.Exception is { } error
            && IsTooLarge(error))
        {
            context.Response.Clear();
            await TooLargeAsync(context, limit);
        }
    }

    private static bool IsTooLarge(Exception? e)
    {
        for (; e is not null; e = e.InnerException)
            if (
                e
                is BodyTooLargeException
                    or BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge }
            )
                return true;
        return false;
    }

    private static Task TooLargeAsync(HttpContext context, long limit)
    {
        context.Response.StatusCode = StatusCodes.Status413PayloadTooLarge;
        // The rest of the body is not read: close the connection rather than drain megabytes nobody wants.
        context.Response.Headers.Connection = "close";
        return Results.Problem(statusCode: 413, title: "Payload too large",
            detail: $"The request body is larger than this route accepts ({limit} bytes).").ExecuteAsync(context);
    }

    private sealed class BodyTooLargeException(long limit) : IOException($"The request body exceeds {limit} bytes.");

    /// <summary>Throws once more than <c>limit</c> bytes have been read (servers without a size feature, e.g.
    /// tests).</summary>
    private sealed class CountingStream(Stream inner, long limit) : Stream
    {
        private long _read;

        public override async ValueTask<int> ReadAsync(
            Memory<byte> buffer,
            CancellationToken cancellationToken = default
        )
        {
            var n = await inner.ReadAsync(buffer, cancellationToken);
            if ((_read += n) > limit) throw new BodyTooLargeException(limit);
            return n;
        }

        public override Task<int> ReadAsync(
            byte[] buffer,
            int offset,
            int count,
            CancellationToken cancellationToken
        ) => ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override int Read(byte[] buffer, int offset, int count)
        {
            var n = inner.Read(buffer, offset, count);
            if ((_read += n) > limit) throw new BodyTooLargeException(limit);
            return n;
        }

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => _read; set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
