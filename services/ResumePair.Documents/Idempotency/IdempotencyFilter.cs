using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using ResumePair.Documents.Http;
using ResumePair.ServiceDefaults.Auth;

namespace ResumePair.Documents.Idempotency;

/// <summary>
/// Honours <c>Idempotency-Key</c> on a POST (public contract): the same key with the same request from the
/// same user within 24 h answers the first response again (same status, body, Location and ETag) without
/// running the endpoint; the same key with a different request is 422. Only successful answers are kept,
/// so a request that failed validation can be corrected and sent again with its key.
/// </summary>
public sealed class IdempotencyFilter(IdempotencyStore store) : IEndpointFilter
{
    public const string Header = "Idempotency-Key";
    public const int MaxKeyLength = 255;
    private static readonly string[] ReplayedHeaders = ["Location", "ETag", "Content-Type"];

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var key = http.Request.Headers[Header].ToString();
        if (key.Length == 0) return await next(context);
        if (key.Length > MaxKeyLength)
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { [Header] = [$"Must be at most {MaxKeyLength} characters."] });

        var ct = http.RequestAborted;
        var body = await JsonBody.ReadAsync(http.Request, ct);
        await using var claim = await store.ClaimAsync(http.User.UserId(), key, RequestHash(http.Request, body), ct);
        if (claim.Previous is { } previous)
        {
            return claim.IsSameRequest
                ? new ReplayResult(previous)
                : TypedResults.Problem(statusCode: StatusCodes.Status422UnprocessableEntity, title: "Idempotency key reused",
                    detail: "This Idempotency-Key was already used with a different request.");
        }

        // The endpoint writes in the claim's transaction: its change and the stored answer commit together,
        // or neither does (a crash in between cannot leave a change whose key a retry would not find).
        http.Features.Set(new RequestTransaction(claim.Transaction!));
        object? result;
        try
        {
            result = await next(context);
        }
        finally
        {
            http.Features.Set<RequestTransaction>(null);
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
