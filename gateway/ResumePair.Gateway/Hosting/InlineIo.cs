using Microsoft.AspNetCore.Server.Kestrel.Transport.Sockets;

namespace ResumePair.Gateway.Hosting;

/// <summary>
/// The gateway runs a request where its socket's readiness arrives instead of handing it through the thread pool. By
/// default every socket completion is queued from the epoll thread to a pool thread, and Kestrel queues the request to
/// yet another: a forwarded request crosses threads several times, each crossing waking a parked thread (figures:
/// bench/README.md, "Gateway: metric views, inline I/O"). With <c>DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS=1</c>
/// (set by the AppHost and the gateway's image; read by the runtime at start, one epoll thread per core) socket
/// continuations run on the epoll thread, and Kestrel then runs the request there too. That is safe only because
/// nothing in the gateway's request path blocks a thread: validation, session checks, forwarding and logging are
/// asynchronous or CPU-only.
/// </summary>
public static class InlineIo
{
    public const string Variable = "DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS";

    public static bool Enabled => Environment.GetEnvironmentVariable(Variable) == "1";

    public static IHostApplicationBuilder AddInlineIo(this IHostApplicationBuilder builder)
    {
        builder.Services.Configure<SocketTransportOptions>(o => o.UnsafePreferInlineScheduling = Enabled);
        return builder;
    }
}
