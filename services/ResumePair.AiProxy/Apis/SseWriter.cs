using System.Net.ServerSentEvents;
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
        // One event at a time (each token goes out as it arrives), framed by System.Net.ServerSentEvents.
        var data = JsonSerializer.Serialize(payload, JsonSerializerOptions.Web);
        await SseFormatter.WriteAsync(One(new SseItem<string>(data, name)), response.Body, ct);
        await response.Body.FlushAsync(ct);
    }

#pragma warning disable CS1998 // an async iterator over one item: what SseFormatter takes
    private static async IAsyncEnumerable<SseItem<string>> One(SseItem<string> item)
    {
        yield return item;
    }
#pragma warning restore CS1998
}
