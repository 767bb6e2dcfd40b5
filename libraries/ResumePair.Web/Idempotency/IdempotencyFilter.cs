using System.Buffers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using ResumePair.ServiceDefaults.Auth;

namespace ResumePair.Web.Idempotency;

/// <summary>
/// Honours <c>Idempotency-Key</c> on a POST (public contract): the same key with the same request from the
/// same user within 24 h answers the first response again (same status, body, Location and ETag, plus
/// <c>Idempotent-Replayed: true</c>) without running the endpoint; the same key with a different request is
/// 422. Only successful answers are kept, so a request that failed validation can be corrected and sent
/// again with its key. Keys are per user: anonymous requests run without it.
/// </summary>
public sealed class IdempotencyFilter(IdempotencyStore store, IOptions<IdempotencyOptions> options) : IEndpointFilter
{
    public const string Header = "Idempotency-Key";
    public const int MaxKeyLength = 255;
    private static readonly string[] ReplayedHeaders = ["Location", "ETag", "Content-Type"];

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var key = http.Request.Headers[Header].ToString();
        if (key.Length == 0 || http.User.Identity?.IsAuthenticated != true) return await next(context);
        // A stream (text/event-stream) is sent as it is made: it cannot be held back to be stored, so it runs again.
        if (http.Request.Headers.Accept.ToString().Contains("text/event-stream", StringComparison.OrdinalIgnoreCase))
            return await next(context);
        if (key.Length > MaxKeyLength)
            return TypedResults.ValidationProblem(
                new Dictionary<string, string[]> { [Header] = [$"Must be at most {MaxKeyLength} characters."] }
            );

        var ct = http.RequestAborted;
        var body = await BufferBodyAsync(http.Request, options.Value.MaxBodyBytes, ct);
        await using var claim = await store.ClaimAsync(http.User.UserId(), key, RequestHash(http.Request, body), ct);
        if (claim.Previous is { } previous)
        {
            return claim.IsSameRequest
                ? new ReplayResult(previous)
                : TypedResults.Problem(
                    statusCode: StatusCodes.Status422UnprocessableEntity,
                    title: "Idempotency key reused",
                    detail: "This Idempotency-Key was already used with a different request."
                );
        }

        // The endpoint writes in the claim's transaction: its change and the stored answer commit together,
        // or neither does (a crash in between cannot leave a change whose key a retry would not find).
        http.Features.Set(new IdempotencyTransaction(claim.Transaction!));
        object? result;
        try
        {
            result = await next(context);
        }
        finally
        {
            http.Features.Set<IdempotencyTransaction>(null);
        }

        // Run the result into a buffer, so the answer can be stored before it is sent.
        var original = http.Response.Body;
        using var buffer = new MemoryStream();
        http.Response.Body = buffer;
        try
        {
            await ExecuteAsync(result, http);
        }
        finally
        {
            http.Response.Body = original;
        }

        var status = http.Response.StatusCode;
        if (status is >= 200 and < 300)
        {
            var headers = ReplayedHeaders.Where(h => http.Response.Headers.ContainsKey(h))
                .ToDictionary(h => h, h => http.Response.Headers[h].ToString());
            await claim.CompleteAsync(status, JsonSerializer.Serialize(headers), buffer.ToArray(), ct);
        }
        buffer.Position = 0;
        await buffer.CopyToAsync(original, ct);
        return Results.Empty;
    }

    /// <summary>
    /// Reads the body once (at most <paramref name="max"/> bytes, else 413) and puts it back as a rewound
    /// stream, so the endpoint reads exactly the bytes that were hashed.
    /// </summary>
    private static async Task<byte[]> BufferBodyAsync(HttpRequest request, int max, CancellationToken ct)
    {
        if (request.ContentLength > max) throw TooLarge(max);
        // An endpoint that binds its body as a parameter has read it before filters run: the stream is only readable
        // again when buffering was enabled first (UseIdempotencyKeyBuffering), so rewind it.
        if (request.Body.CanSeek) request.Body.Position = 0;
        using var buffer = new MemoryStream();
        var chunk = ArrayPool<byte>.Shared.Rent(16 * 1024);
        try
        {
            int read;
            while ((read = await request.Body.ReadAsync(chunk, ct)) > 0)
            {
                if (buffer.Length + read > max) throw TooLarge(max);
                buffer.Write(chunk, 0, read);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(chunk);
        }
        var body = buffer.ToArray();
        // Hashing an empty read of a consumed body would make every body "the same request".
        if (body.Length == 0 && request.ContentLength > 0)
            throw new InvalidOperationException(
                "The request body was read before the Idempotency-Key filter; call app.UseIdempotencyKeyBuffering() "
                    + "before the endpoints."
            );
        request.Body = new MemoryStream(body, writable: false);
        return body;
    }

    private static BadHttpRequestException TooLarge(int max) =>
        new($"The request body is larger than {max} bytes.", StatusCodes.Status413PayloadTooLarge);

    private static Task ExecuteAsync(object? result, HttpContext http) => result switch
    {
        IResult r => r.ExecuteAsync(http),
        null => Task.CompletedTask,
        _ => TypedResults.Ok(result).ExecuteAsync(http),
    };

    /// <summary>What "the same request" means: method, path and body bytes.</summary>
    private static byte[] RequestHash(HttpRequest request, byte[] body)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        sha.AppendData(Encoding.UTF8.GetBytes($"{request.Method} {request.Path}\n"));
        sha.AppendData(body);
        return sha.GetHashAndReset();
    }

    private sealed class ReplayResult(StoredResponse stored) : IResult
    {
        public async Task ExecuteAsync(HttpContext http)
        {
            http.Response.StatusCode = stored.StatusCode;
            if (stored.Headers is not null)
                foreach (var (name, value) in JsonSerializer.Deserialize<Dictionary<string, string>>(stored.Headers)!)
                    http.Response.Headers[name] = value;
            http.Response.Headers["Idempotent-Replayed"] = "true";
            await http.Response.Body.WriteAsync(stored.Body, http.RequestAborted);
        }
    }
}
