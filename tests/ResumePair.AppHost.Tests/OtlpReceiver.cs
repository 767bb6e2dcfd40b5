using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace ResumePair.AppHost.Tests;

/// <summary>
/// An OTLP/HTTP (protobuf) trace receiver on 127.0.0.1: the services export to it as they would to the dashboard, and
/// it keeps (trace id, service, span name) of every span. The few protobuf fields it needs are read off the wire
/// (OpenTelemetry.Proto is not served).
/// </summary>
public sealed class OtlpReceiver : IAsyncDisposable
{
    private readonly HttpListener _listener = new();
    private readonly Task _loop;

    public OtlpReceiver()
    {
        using (var probe = new TcpListener(IPAddress.Loopback, 0))
        {
            probe.Start();
            Endpoint = $"http://127.0.0.1:{((IPEndPoint)probe.LocalEndpoint).Port}";
        }
        _listener.Prefixes.Add(Endpoint + "/");
        _listener.Start();
        _loop = Task.Run(ServeAsync);
    }

    public string Endpoint { get; }

    public ConcurrentQueue<ReceivedSpan> Spans { get; } = new();

    public sealed record ReceivedSpan(string TraceId, string Service, string Name);

    private async Task ServeAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try { context = await _listener.GetContextAsync(); }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException) { return; }
            try
            {
                using var body = new MemoryStream();
                await context.Request.InputStream.CopyToAsync(body);
                if (context.Request.Url?.AbsolutePath == "/v1/traces") Read(body.ToArray());
                context.Response.StatusCode = 200;
                context.Response.ContentType = "application/x-protobuf";
            }
            catch (Exception)
            {
                context.Response.StatusCode = 400;
            }
            context.Response.Close();
        }
    }

    // ExportTraceServiceRequest{1: ResourceSpans{1: Resource{1: KeyValue{1: key, 2: AnyValue{1: string}}},
    //                                            2: ScopeSpans{2: Span{1: trace_id, 5: name}}}}
    private void Read(byte[] request)
    {
        foreach (var resourceSpans in Fields(request).Where(f => f.Number == 1))
        {
            var service = "";
            foreach (var resource in Fields(resourceSpans.Bytes).Where(f => f.Number == 1))
                foreach (var attribute in Fields(resource.Bytes).Where(f => f.Number == 1))
                {
                    var key = Fields(attribute.Bytes).FirstOrDefault(f => f.Number == 1);
                    var value = Fields(attribute.Bytes).FirstOrDefault(f => f.Number == 2);
                if (key.Bytes.Length > 0 && System.Text.Encoding.UTF8.GetString(key.Bytes) == "service.name")
                    service = System.Text.Encoding.UTF8.GetString(Fields(value.Bytes).First(f => f.Number == 1).Bytes);
                }
            foreach (var scopeSpans in Fields(resourceSpans.Bytes).Where(f => f.Number == 2))
                foreach (var span in Fields(scopeSpans.Bytes).Where(f => f.Number == 2))
                {
                    var fields = Fields(span.Bytes).ToList();
                    var traceId = Convert.ToHexStringLower(fields.First(f => f.Number == 1).Bytes);
                var name = System.Text.Encoding.UTF8.GetString(fields.FirstOrDefault(f => f.Number == 5).Bytes ?? []);
                    Spans.Enqueue(new ReceivedSpan(traceId, service, name));
                }
        }
    }

    /// <summary>The top-level fields of a protobuf message; length-delimited ones carry their bytes.</summary>
    private static IEnumerable<(int Number, byte[] Bytes)> Fields(byte[] message)
    {
        var position = 0;
        while (position < message.Length)
        {
            var tag = ReadVarint(message, ref position);
            var number = (int)(tag >> 3);
            switch (tag & 7)
            {
                case 0: ReadVarint(message, ref position); yield return (number, []); break;
                case 1: position += 8; yield return (number, []); break;
                case 5: position += 4; yield return (number, []); break;
                case 2:
                    var length = (int)ReadVarint(message, ref position);
                    yield return (number, message[position..(position + length)]);
                    position += length;
                    break;
                default: throw new InvalidDataException($"wire type {tag & 7}");
            }
        }
    }

    private static ulong ReadVarint(byte[] buffer, ref int position)
    {
        ulong value = 0;
        for (var shift = 0; ; shift += 7)
        {
            var b = buffer[position++];
            value |= (ulong)(b & 0x7f) << shift;
            if (b < 0x80) return value;
        }
    }

    public async ValueTask DisposeAsync()
    {
        _listener.Stop();
        _listener.Close();
        await _loop;
    }
}
