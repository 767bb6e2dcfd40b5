using System.Net;
using System.Net.Sockets;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Aspire.Hosting;

internal static class TcpHealthCheckExtensions
{
    /// <summary>Healthy when 127.0.0.1:<paramref name="port"/> accepts a connection (epmd speaks no HTTP).</summary>
    public static IResourceBuilder<T> WithTcpHealthCheck<T>(this IResourceBuilder<T> builder, int port)
        where T : IResource
    {
        var key = $"{builder.Resource.Name}_check";
        builder.ApplicationBuilder.Services.AddHealthChecks().AddAsyncCheck(key, async ct =>
        {
            using var client = new TcpClient();
            try
            {
                await client.ConnectAsync(IPAddress.Loopback, port, ct).ConfigureAwait(false);
                return HealthCheckResult.Healthy();
            }
            catch (SocketException e)
            {
                return HealthCheckResult.Unhealthy(e.Message);
            }
        });
        return builder.WithHealthCheck(key);
    }
}
