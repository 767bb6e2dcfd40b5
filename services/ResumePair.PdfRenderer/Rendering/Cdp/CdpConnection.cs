using System.Buffers;
using System.Collections.Concurrent;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace ResumePair.PdfRenderer.Rendering.Cdp;

/// <summary>
/// The Chrome DevTools Protocol over Chromium's <c>--remote-debugging-pipe</c>: NUL-terminated JSON messages, commands
/// matched to responses by id, events routed to flattened sessions by <c>sessionId</c>. This replaces Playwright's Node
/// driver on the print path: every message went .NET → driver → Chromium and back, which cost CPU per PDF in two
/// processes. One thread reads, one writes: a write to a stopped Chromium blocks only the writer (never a caller, so
/// render timeouts still fire), and killing Chromium ends it with a broken pipe.
/// </summary>
public sealed class CdpConnection : IDisposable
{
    /// <summary>Protocol messages go to Chromium, not into HTML: escaping &lt; &gt; &amp; and non-ASCII would only
    /// make the (large) setDocumentContent message longer.</summary>
    private static readonly JsonSerializerOptions Json = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private readonly Stream _toChromium;
    private readonly Stream _fromChromium;
    private readonly ILogger _logger;
    private readonly BlockingCollection<byte[]> _outgoing = new();
    private readonly ConcurrentDictionary<int, Pending> _pending = new();
    private readonly ConcurrentDictionary<string, CdpSession> _sessions = new();
    private readonly TaskCompletionSource _closed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _lastId;

    private sealed record Pending(TaskCompletionSource<JsonDocument> Response, string Method, string? SessionId);

    public CdpConnection(Stream toChromium, Stream fromChromium, ILogger logger)
    {
        _toChromium = toChromium;
        _fromChromium = fromChromium;
        _logger = logger;
        new Thread(ReadLoop) { IsBackground = true, Name = "cdp-read" }.Start();
        new Thread(WriteLoop) { IsBackground = true, Name = "cdp-write" }.Start();
    }

    /// <summary>Completes when the pipe closes (Chromium exited, crashed or was killed).</summary>
    public Task Closed => _closed.Task;
    public bool IsClosed => _closed.Task.IsCompleted;

    /// <summary>Events of the browser target itself (no sessionId).</summary>
    public event Action<string, JsonElement>? BrowserEvent;

    public CdpSession Session(string sessionId) => _sessions.GetOrAdd(sessionId, id => new CdpSession(this, id));

    /// <summary>Sends a command and returns the whole response; the caller disposes it. Protocol errors throw <see cref="CdpException"/>.</summary>
    public async Task<JsonDocument> SendAsync(string method, object? parameters, string? sessionId, CancellationToken ct)
    {
        var id = Interlocked.Increment(ref _lastId);
        var pending = new Pending(new TaskCompletionSource<JsonDocument>(TaskCreationOptions.RunContinuationsAsynchronously), method, sessionId);
        _pending[id] = pending;
        if (IsClosed) Fail(id, new CdpException(method, "the DevTools pipe is closed"));
        else Enqueue(id, method, parameters, sessionId);
        await using var registration = ct.Register(() => { if (_pending.TryRemove(id, out var p)) p.Response.TrySetCanceled(ct); });
        var response = await pending.Response.Task;
        if (response.RootElement.TryGetProperty("error", out var error))
        {
            var message = error.TryGetProperty("message", out var m) ? m.GetString() : error.GetRawText();
            response.Dispose();
            throw new CdpException(method, message ?? "unknown error");
        }
        return response;
    }

    /// <summary>A command whose answer nobody waits for (request interception verdicts); failures are only logged.</summary>
    public void Post(string method, object? parameters, string? sessionId)
    {
        var id = Interlocked.Increment(ref _lastId);
        if (!IsClosed) Enqueue(id, method, parameters, sessionId);
    }

    private void Enqueue(int id, string method, object? parameters, string? sessionId)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = Json.Encoder, SkipValidation = true }))
        {
            writer.WriteStartObject();
            writer.WriteNumber("id"u8, id);
            if (sessionId is not null) writer.WriteString("sessionId"u8, sessionId);
            writer.WriteString("method"u8, method);
            if (parameters is not null)
            {
                writer.WritePropertyName("params"u8);
                JsonSerializer.Serialize(writer, parameters, parameters.GetType(), Json);
            }
            writer.WriteEndObject();
        }
        var message = new byte[buffer.WrittenCount + 1]; // + the NUL terminator
        buffer.WrittenSpan.CopyTo(message);
        try
        {
            _outgoing.Add(message);
        }
        catch (InvalidOperationException)
        {
            Fail(id, new CdpException(method, "the DevTools pipe is closed"));
        }
    }

    private void WriteLoop()
    {
        try
        {
            foreach (var message in _outgoing.GetConsumingEnumerable())
            {
                _toChromium.Write(message);
                _toChromium.Flush();
            }
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException)
        {
            _logger.LogDebug(e, "DevTools pipe write failed");
        }
        Close();
    }

    private void ReadLoop()
    {
        var buffer = new byte[256 * 1024];
        var filled = 0;
        try
        {
            while (true)
            {
                if (filled == buffer.Length) Array.Resize(ref buffer, buffer.Length * 2); // a PDF in one message
                var read = _fromChromium.Read(buffer, filled, buffer.Length - filled);
                if (read == 0) break;
                var start = 0;
                var end = filled + read;
                for (var nul = Array.IndexOf(buffer, (byte)0, filled, read); nul >= 0; nul = Array.IndexOf(buffer, (byte)0, start, end - start))
                {
                    Dispatch(buffer.AsMemory(start, nul - start).ToArray());
                    start = nul + 1;
                }
                filled = end - start;
                if (start > 0 && filled > 0) Buffer.BlockCopy(buffer, start, buffer, 0, filled);
            }
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException)
        {
            _logger.LogDebug(e, "DevTools pipe read failed");
        }
        Close();
    }

    private void Dispatch(byte[] message)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(message);
        }
        catch (JsonException e)
        {
            _logger.LogWarning(e, "Unreadable DevTools message ({Bytes} bytes)", message.Length);
            return;
        }
        var root = document.RootElement;
        if (root.TryGetProperty("id"u8, out var idElement))
        {
            if (_pending.TryRemove(idElement.GetInt32(), out var pending)) pending.Response.TrySetResult(document);
            else document.Dispose(); // a posted command, or one whose caller gave up
            return;
        }
        using (document)
        {
            var method = root.GetProperty("method"u8).GetString()!;
            var parameters = root.TryGetProperty("params"u8, out var p) ? p : default;
            try
            {
                if (root.TryGetProperty("sessionId"u8, out var sessionId))
                {
                    if (_sessions.TryGetValue(sessionId.GetString()!, out var session)) session.Raise(method, parameters);
                }
                else
                {
                    if (method == "Target.detachedFromTarget" && parameters.GetProperty("sessionId"u8).GetString() is { } detached)
                        Detach(detached);
                    BrowserEvent?.Invoke(method, parameters);
                }
            }
            catch (Exception e)
            {
                _logger.LogError(e, "Handling DevTools event {Method} failed", method);
            }
        }
    }

    /// <summary>A closed or crashed page answers nothing more: its commands fail now instead of waiting for their timeout.</summary>
    internal void Detach(string sessionId)
    {
        if (!_sessions.TryRemove(sessionId, out var session)) return;
        session.MarkDetached();
        foreach (var (id, pending) in _pending)
            if (pending.SessionId == sessionId) Fail(id, new CdpException(pending.Method, "the page was closed"));
    }

    private void Fail(int id, Exception e)
    {
        if (_pending.TryRemove(id, out var pending)) pending.Response.TrySetException(e);
    }

    private void Close()
    {
        if (!_closed.TrySetResult()) return;
        _outgoing.CompleteAdding();
        foreach (var id in _pending.Keys) Fail(id, new CdpException(_pending.TryGetValue(id, out var p) ? p.Method : "?", "Chromium closed the DevTools pipe"));
        foreach (var session in _sessions.Values) session.MarkDetached();
    }

    /// <summary>Closes our ends of the pipe: Chromium reads end-of-file and exits (that is also what happens if this process dies).</summary>
    public void Dispose()
    {
        _outgoing.CompleteAdding();
        try { _toChromium.Dispose(); } catch (IOException) { }
        try { _fromChromium.Dispose(); } catch (IOException) { }
        Close();
    }
}
