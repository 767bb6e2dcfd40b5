using System.Globalization;
using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using System.Security.Claims;
using System.Text.Json;
using ResumePair.Documents.Documents;
using ResumePair.ServiceDefaults.Auth;

namespace ResumePair.Documents.Apis;

/// <summary>
/// <c>GET /api/v1/documents/{id}/events</c>: Server-Sent Events so other tabs and devices follow a document.
/// <c>document.updated</c> carries the new version (also the event id, so a reconnect with
/// <c>Last-Event-ID</c> gets the latest version it missed at once); <c>document.deleted</c> ends the
/// stream; <c>heartbeat</c> events keep proxies from closing it. Framed by ASP.NET Core
/// (TypedResults.ServerSentEvents).
/// </summary>
public static class DocumentEventsApi
{
    public static RouteHandlerBuilder MapDocumentEventsApi(this IEndpointRouteBuilder app) =>
        app.MapGet("/api/v1/documents/{id:guid}/events", StreamAsync).WithTags("Documents").RequireAuthorization();

    public static async Task<IResult> StreamAsync(Guid id, HttpContext http, ClaimsPrincipal user, DocumentStore store,
        DocumentEvents events, Microsoft.Extensions.Options.IOptions<DocumentOptions> options)
    {
        var ct = http.RequestAborted;
        var userId = user.UserId();
        // Subscribe before the first read, so a change between the two still wakes us.
        var watch = events.Subscribe(id);
        VersionStamp? stamp = null;
        try
        {
            stamp = await store.GetVersionStampAsync(userId, id, ct);
        }
        finally
        {
            if (stamp is null) watch.Dispose();
        }
        if (stamp is null) return DocumentsApi.NotFound();
        var lastSent = long.TryParse(http.Request.Headers["Last-Event-ID"], NumberStyles.None,
            CultureInfo.InvariantCulture, out var last) ? last : stamp.Version;
        http.Response.Headers["X-Accel-Buffering"] = "no"; // nginx-style proxies: do not buffer the stream
        var heartbeat = options.Value.EventsHeartbeat;
        // The stream also ends when the service stops, so a stop is not held up by open streams (clients reconnect).
        var stopping = http.RequestServices.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping;
        return TypedResults.ServerSentEvents(
            Stream(id, userId, stamp, lastSent, watch, store, heartbeat, ct, stopping)
        );
    }

    private static async IAsyncEnumerable<SseItem<string>> Stream(Guid id, Guid userId, VersionStamp? stamp,
        long lastSent, DocumentEvents.Watch watch, DocumentStore store, TimeSpan heartbeat,
        [EnumeratorCancellation] CancellationToken aborted, CancellationToken stopping = default)
    {
        using var _ = watch;
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(aborted, stopping);
        var ct = linked.Token;
        // Heartbeats keep proxies from closing an idle stream; clients act on the named events only.
        yield return new SseItem<string>("", Heartbeat) { ReconnectionInterval = TimeSpan.FromSeconds(3) };
        while (!ct.IsCancellationRequested)
        {
            if (stamp is null)
            {
                yield return new SseItem<string>(Json(new { documentId = id }), "document.deleted");
                yield break;
            }
            if (stamp.Version > lastSent)
            {
                var data = Json(new { documentId = id, stamp.Version, stamp.UpdatedAt });
                var eventId = stamp.Version.ToString(CultureInfo.InvariantCulture);
                yield return new SseItem<string>(data, "document.updated") { EventId = eventId };
                lastSent = stamp.Version;
            }
            if (!await watch.WaitAsync(heartbeat, ct)) yield return new SseItem<string>("", Heartbeat);
            stamp = await store.GetVersionStampAsync(userId, id, ct);
        }
    }

    private const string Heartbeat = "heartbeat";

    private static string Json(object value) => JsonSerializer.Serialize(value, JsonSerializerOptions.Web);
}
