using System.Text.Json;

namespace ResumePair.PdfRenderer.Rendering.Cdp;

/// <summary>One attached target (a page) on the shared connection: flattened mode, so its messages carry its
/// <c>sessionId</c> instead of being wrapped in <c>Target.sendMessageToTarget</c>.</summary>
public sealed class CdpSession(CdpConnection connection, string id)
{
    public string Id { get; } = id;
    public CdpConnection Connection { get; } = connection;

    /// <summary>Detached: the page closed, crashed or the pipe is gone.</summary>
    public bool IsDetached { get; private set; }

    /// <summary>Called on the connection's reader thread: handlers must not block.</summary>
    public event Action<string, JsonElement>? Event;

    public Task<JsonDocument> SendAsync(string method, object? parameters, CancellationToken ct) =>
        Connection.SendAsync(method, parameters, Id, ct);

    /// <summary>A command whose response carries nothing we need.</summary>
    public async Task RunAsync(string method, object? parameters, CancellationToken ct) =>
        (await SendAsync(method, parameters, ct)).Dispose();

    public void Post(string method, object? parameters) => Connection.Post(method, parameters, Id);

    internal void Raise(string method, JsonElement parameters) => Event?.Invoke(method, parameters);
    internal void MarkDetached() => IsDetached = true;
}
