using System.Diagnostics;
using Yarp.ReverseProxy.Forwarder;
using Yarp.ReverseProxy.Transforms;

namespace ResumePair.Gateway.Routing;

/// <summary>
/// One gateway span per request: the service's span is a child of the gateway's request span. YARP's forwarder left
/// to itself adds a client span per forwarded request (HttpClient's activity, which also carries the trace context
/// downstream), and its own <c>proxy.forwarder</c> span when its source is traced: three spans per autosave to build
/// and export, about 12 % of the gateway's CPU with the OTLP export (bench/README.md). Here the forwarder's handler
/// creates no activity, and a transform writes the W3C headers from the request's own span instead, replacing any a
/// client sent, as YARP's propagator does.
/// </summary>
public static class TraceContextForwarding
{
    public static IReverseProxyBuilder AddTraceContextForwarding(this IReverseProxyBuilder proxy)
    {
        proxy.Services.AddSingleton<IForwarderHttpClientFactory, SpanlessForwarderHttpClientFactory>();
        return proxy.AddTransforms(context => context.AddRequestTransform(Inject));
    }

    private static ValueTask Inject(RequestTransformContext context)
    {
        var propagator = DistributedContextPropagator.Current;
        var headers = context.ProxyRequest.Headers;
        foreach (var field in propagator.Fields) headers.Remove(field);
        propagator.Inject(Activity.Current, context.ProxyRequest, static (carrier, name, value) =>
            ((HttpRequestMessage)carrier!).Headers.TryAddWithoutValidation(name, value));
        return ValueTask.CompletedTask;
    }

    /// <summary>YARP's handler without <c>ActivityHeadersPropagator</c>: no DiagnosticsHandler, so no client
    /// span.</summary>
    private sealed class SpanlessForwarderHttpClientFactory(ILogger<ForwarderHttpClientFactory> logger)
        : ForwarderHttpClientFactory(logger)
    {
        protected override void ConfigureHandler(ForwarderHttpClientContext context, SocketsHttpHandler handler)
        {
            base.ConfigureHandler(context, handler);
            handler.ActivityHeadersPropagator = null;
        }
    }
}
