using System.Globalization;
using System.Security.Claims;
using System.Text.Json;
using ResumePair.Documents.Documents;
using ResumePair.ServiceDefaults.Auth;

namespace ResumePair.Documents.Apis;

/// <summary>
/// <c>GET /api/v1/documents/{id}/events</c>: Server-Sent Events so other tabs and devices follow a document.
/// <c>document.updated</c> carries the new version (also the event id, so a reconnect with
/// <c>Last-Event-ID</c> gets the latest version it missed at once); <c>document.deleted</c> ends the
/// stream; comment heartbeats keep proxies from closing it.
/// </summary>
public static class DocumentEventsApi
{
    public static RouteHandlerBuilder MapDocumentEventsApi(this IEndpointRouteBuilder app) =>
        app.MapGet("/api/v1/documents/{id:guid}/events", StreamAsync).WithTags("Documents").RequireAuthorization();

    public static async Task<IResult> StreamAsync(Guid id, HttpContext http, ClaimsPrincipal user, DocumentStore store, DocumentEvents events,
        Microsoft.Extensions.Options.IOptions<DocumentOptions> options)
    {
        var ct = http.RequestAborted;
        var userId = user.UserId();
        // Subscribe before the first read, so a change between the two still wakes us.
        using var watch = events.Subscribe(id);
        var stamp = await store.GetVersionStampAsync(userId, id, ct);
        if (stamp is null) return DocumentsApi.NotFound();

        var lastSent = long.TryParse(http.Request.Headers["Last-Event-ID"], NumberStyles.None, CultureInfo.InvariantCulture, out var last)
            ? last : stamp.Version;
        http.Response.ContentType = "text/event-stream";
        http.Response.Headers.CacheControl = "no-cache";
        http.Response.Headers["X-Accel-Buffering"] = "no"; // nginx-style proxies: do not buffer the stream
        await http.Response.WriteAsync("retry: 3000\n\n", ct);
        await http.Response.Body.FlushAsync(ct);

        try
        {
            while (!ct.IsCancellationRequested)
            {
                if (stamp is null)
                {
                    await WriteEventAsync(http, "document.deleted", null, new { documentId = id }, ct);
                    break;
                }
                if (stamp.Version > lastSent)
                {
                    await WriteEventAsync(http, "document.updated", stamp.Version, new { documentId = id, stamp.Version, stamp.UpdatedAt }, ct);
                    lastSent = stamp.Version;
                }
                if (!await watch.WaitAsync(options.Value.EventsHeartbeat, ct))
                {
                    await http.Response.WriteAsync(": heartbeat\n\n", ct);
                    await http.Response.Body.FlushAsync(ct);
                }
                stamp = await store.GetVersionStampAsync(userId, id, ct);
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // The client went away: the normal end of a stream.
        }
        return Results.Empty;
    }

    private static async Task WriteEventAsync(HttpContext http, string name, long? eventId, object data, CancellationToken ct)
    {
        var id = eventId is null ? "" : $"id: {eventId}\n";
        await http.Response.WriteAsync($"event: {name}\n{id}data: {JsonSerializer.Serialize(data, JsonSerializerOptions.Web)}\n\n", ct);
        await http.Response.Body.FlushAsync(ct);
    }
}
