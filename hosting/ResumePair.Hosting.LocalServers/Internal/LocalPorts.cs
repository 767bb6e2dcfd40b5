using System.Net;
using System.Net.Sockets;

namespace ResumePair.Hosting.LocalServers.Internal;

/// <summary>
/// Ports for what DCP cannot proxy: Erlang's distribution and epmd ports, and non-proxied endpoints (which must name
/// their port). Chosen when the app model is built; the kernel's ephemeral range keeps collisions unlikely.
/// </summary>
public static class LocalPorts
{
    public static int Free()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
