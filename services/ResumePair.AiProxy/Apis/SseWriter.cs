using System.Text.Json;
using Microsoft.AspNetCore.Http.Features;

namespace ResumePair.AiProxy.Apis;

/// <summary>
/// text/event-stream out: <c>token</c> events as they arrive (flushed one by one, response buffering off), then one
/// <c>result</c> event with the same body the non-streaming route answers, or an <c>error</c> event with a problem.
/// The response starts on the first event, so a failure before any token is still an ordinary problem response.
/// </summary>
public sealed class SseWriter(HttpResponse response)
{
    public bool Started { get; private set; }

    public static bool Wanted(HttpRequest request) =>
        request.Headers.Accept.Any(a => a?.Contains("text/event-stream", StringComparison.OrdinalIgnoreCase) == true);

    public Task TokenAsync(string text, CancellationToken ct) => EventAsync("token", new { text }, ct);

    public async Task EventAsync(string name, object payload, CancellationToken ct)
    {
        if (!Started)
        {
            Started = true;
            response.ContentType = "text/event-stream";
            response.Headers.CacheControl = "no-cache";
            response.Headers["X-Accel-Buffering"] = "no"; // nginx-style proxies: do not buffer
            response.HttpContext.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
        }
        await response.WriteAsync($"event: {name}\ndata: {JsonSerializer.Serialize(payload, JsonSerializerOptions.Web)}\n\n", ct);
        await response.Body.FlushAsync(ct);
    }
}
