using System.Net;
using System.Net.Sockets;

namespace ResumePair.AppHost.Orchestration;

/// <summary>
/// Hands out free loopback ports BELOW the kernel's ephemeral range, never the same one twice in this process.
/// bind(0) and outgoing connections draw from the ephemeral range, so a port found free there can be taken by a
/// client socket before the service binds it — and a restarted service keeps its port, so it would never recover.
/// </summary>
public sealed class PortAllocator : IDisposable
{
    private static readonly HashSet<int> Issued = [];
    private static readonly (int Low, int High) Range = ListeningRange();

    public int Next()
    {
        lock (Issued)
        {
            for (var attempt = 0; attempt < 500; attempt++)
            {
                var port = Random.Shared.Next(Range.Low, Range.High + 1);
                if (!Issued.Contains(port) && IsFree(port) && Issued.Add(port)) return port;
            }
            using var listener = new TcpListener(IPAddress.Loopback, 0); // a crowded range: anything free
            listener.Start();
            var any = ((IPEndPoint)listener.LocalEndpoint).Port;
            Issued.Add(any);
            return any;
        }
    }

    public static bool IsFree(int port)
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

    public void Dispose()
    {
    }

    private static (int Low, int High) ListeningRange()
    {
        var ephemeralLow = 32768;
        try
        {
            var text = File.ReadAllText("/proc/sys/net/ipv4/ip_local_port_range").Split((char[])['\t', ' ', '\n'], StringSplitOptions.RemoveEmptyEntries);
            ephemeralLow = int.Parse(text[0]);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException) { }
        // 24000 up to the ephemeral range; ResumePair.LocalInfrastructure picks the servers' own ports from
        // 15000-23999, so the launcher's and the servers' choices cannot collide.
        return ephemeralLow > 25000 ? (24000, ephemeralLow - 1) : (ephemeralLow, 65000);
    }
}
