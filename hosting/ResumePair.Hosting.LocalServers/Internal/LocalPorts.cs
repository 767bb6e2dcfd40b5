using System.Net;
using System.Net.Sockets;

namespace ResumePair.Hosting.LocalServers.Internal;

/// <summary>
/// Ports for what DCP cannot proxy: Erlang's distribution and epmd ports, and non-proxied endpoints (which must name
/// their port). Chosen when the app model is built and bound only when the server starts, so they come from below the
/// kernel's ephemeral range: a port from inside it can be handed to some outgoing connection in between (RabbitMQ then
/// fails with dist_port_already_used; seen in CI). A port is handed out once per process: none of them is bound
/// until its server starts, so a second draw could otherwise return the broker's AMQP port as its distribution port
/// (eaddrinuse at boot; seen in a test run).
/// </summary>
public static class LocalPorts
{
    private const int Span = 10_000;
    private static readonly HashSet<int> HandedOut = [];

    public static int Free()
    {
        var low = EphemeralLow();
        lock (HandedOut)
        {
            for (var attempt = 0; attempt < 200; attempt++)
            {
                var port = Random.Shared.Next(Math.Max(1024, low - Span), low);
                if (!HandedOut.Contains(port) && IsFree(port)) return Take(port);
            }
            for (var attempt = 0; attempt < 200; attempt++)
            {
                var port = AnyFree();
                if (!HandedOut.Contains(port)) return Take(port);
            }
            throw new InvalidOperationException("No free local port found.");
        }
    }

    private static int Take(int port)
    {
        HandedOut.Add(port);
        return port;
    }

    private static bool IsFree(int port)
    {
        try
        {
            using var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private static int AnyFree()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>The first port of the kernel's ephemeral range (32768 by default on Linux).</summary>
    private static int EphemeralLow()
    {
        try
        {
            var range = File.ReadAllText("/proc/sys/net/ipv4/ip_local_port_range").Split(
                (char[])[' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
            return int.Parse(range[0], System.Globalization.CultureInfo.InvariantCulture);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException
            or IndexOutOfRangeException)
        {
            return 32768;
        }
    }
}
