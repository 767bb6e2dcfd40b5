using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace ResumePair.Gateway.Middleware;

/// <summary>
/// Requests Kestrel refuses before any middleware runs (a malformed request line 400, a URL over
/// <c>MaxRequestLineSize</c> 414, headers over <c>MaxRequestHeadersTotalSize</c> or too many 431, a header timeout
/// 408) get the product's error shape too: an RFC 9457 body, <c>X-Request-Id</c> and the API's security headers.
/// Kestrel answers these with a bare head and closes the connection; it offers no hook to change that answer
/// (aspnet/KestrelHttpServer#2947), so two public seams are joined: Kestrel's documented
/// <c>Microsoft.AspNetCore.Server.Kestrel.BadRequest</c> diagnostic event, raised just before it writes the answer,
/// tells which connection is about to get one and why; a connection middleware on every endpoint holds that
/// connection's output from then on (<see cref="RejectionAwareWriter"/>) and writes the head again with a body.
/// Responses the application wrote never pass through it, and HTTP/2 and HTTP/3 streams are left alone (their
/// errors are frames, not a head to extend).
/// </summary>
public sealed class RejectedRequestProblems : IObserver<KeyValuePair<string, object?>>, IDisposable
{
    public const string EventName = "Microsoft.AspNetCore.Server.Kestrel.BadRequest";

    private readonly ConcurrentDictionary<string, RejectionAwareWriter> _connections = new();
    private readonly ILogger<RejectedRequestProblems> _log;
    private readonly IDisposable _subscription;

    public RejectedRequestProblems(DiagnosticListener listener, ILogger<RejectedRequestProblems> log)
    {
        _log = log;
        _subscription = listener.Subscribe(this, name => name == EventName);
    }

    /// <summary>The connection middleware: each connection's output can be held once Kestrel rejects.</summary>
    public ConnectionDelegate Wrap(ConnectionDelegate next) => async connection =>
    {
        var transport = connection.Transport;
        var output = new RejectionAwareWriter(transport.Output);
        connection.Transport = new Duplex(transport.Input, output);
        _connections[connection.ConnectionId] = output;
        try
        {
            await next(connection);
        }
        finally
        {
            _connections.TryRemove(connection.ConnectionId, out _);
            connection.Transport = transport;
        }
    };

    public void OnNext(KeyValuePair<string, object?> pair)
    {
        if (pair.Value is not IFeatureCollection features
            || features.Get<IHttpConnectionFeature>()?.ConnectionId is not { } connectionId
            || !_connections.TryGetValue(connectionId, out var output)
            || features.Get<IHttpResponseFeature>() is not { HasStarted: false } response)
            return;
        var request = features.Get<IHttpRequestFeature>();
        var protocol = request?.Protocol ?? "";
        if (HttpProtocol.IsHttp2(protocol) || HttpProtocol.IsHttp3(protocol)) return;

        var sent = request?.Headers[RequestCorrelationMiddleware.HeaderName].ToString() ?? "";
        var requestId = RequestCorrelationMiddleware.IsSane(sent) ? sent : Guid.NewGuid().ToString("N");
        // No activity was ever started for this request: the trace id names this log line, nothing more.
        var traceId = ActivityTraceId.CreateRandom().ToHexString();
        var reason = features.Get<IBadRequestExceptionFeature>()?.Error?.Message;
        output.Hold(new RejectedRequest(response.StatusCode, requestId, traceId));
        _log.LogInformation("Kestrel rejected a request on connection {ConnectionId} with {Status} before the app "
            + "(request {RequestId}, trace {TraceId}): {Reason}",
            connectionId, response.StatusCode, requestId, traceId, reason);
    }

    public void OnCompleted() { }

    public void OnError(Exception error) { }

    public void Dispose() => _subscription.Dispose();

    private sealed class Duplex(System.IO.Pipelines.PipeReader input, System.IO.Pipelines.PipeWriter output)
        : System.IO.Pipelines.IDuplexPipe
    {
        public System.IO.Pipelines.PipeReader Input { get; } = input;
        public System.IO.Pipelines.PipeWriter Output { get; } = output;
    }
}

public static class RejectedRequestProblemsExtensions
{
    /// <summary>Every Kestrel endpoint of the gateway (configured URLs too) answers its rejections as
    /// problems.</summary>
    public static IHostApplicationBuilder AddRejectedRequestProblems(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<RejectedRequestProblems>();
        builder.Services.AddOptions<KestrelServerOptions>().Configure<RejectedRequestProblems>((kestrel, problems) =>
            kestrel.ConfigureEndpointDefaults(endpoint => endpoint.Use(problems.Wrap)));
        return builder;
    }
}
