using System.Text.Json;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;

namespace ResumePair.Documents.Http;

/// <summary>
/// A write's JSON answer serialized before it is sent and sent with its <c>Content-Length</c>. Streamed, as
/// <c>TypedResults.Ok</c> does, it goes out chunked: the data, then the last chunk as a second packet, which the
/// gateway receives and forwards separately for every autosave (a wake-up, a receive and a send more; bench/README.md,
/// "Gateway: Content-Length on writes"). Serialized with the same options as <c>TypedResults</c>' JSON.
/// </summary>
public sealed class SizedJsonResult<T>(T value, int statusCode, string? location = null) : IResult
{
    public Task ExecuteAsync(HttpContext http)
    {
        var options = http.RequestServices.GetRequiredService<IOptions<JsonOptions>>().Value.SerializerOptions;
        var body = JsonSerializer.SerializeToUtf8Bytes(value, options.GetTypeInfo(typeof(T)));
        http.Response.StatusCode = statusCode;
        if (location is not null) http.Response.Headers.Location = location;
        http.Response.ContentType = "application/json; charset=utf-8";
        http.Response.ContentLength = body.Length;
        return http.Response.Body.WriteAsync(body, http.RequestAborted).AsTask();
    }
}
