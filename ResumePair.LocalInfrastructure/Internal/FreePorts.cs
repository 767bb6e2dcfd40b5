using System.Net;
using System.Net.Sockets;

namespace ResumePair.LocalInfrastructure.Internal;

/// <summary>
/// Picks unused loopback ports BELOW the kernel's ephemeral range. bind(0) and every outgoing connection take
/// ports from that range, so a port found free there can be taken by some client socket before the server
/// binds it (seen on busy machines: "Address already in use" on restart after restart). Ports are never
/// handed out twice by one process.
/// </summary>
internal static class FreePorts
{
    private static readonly HashSet<int> Issued = [];
    private static readonly (int Low, int High) Range = ListeningRange();

    public static int Next()
    {
        lock (Issued)
        {
            for (var attempt = 0; attempt < 500; attempt++)
            {
                var port = Random.Shared.Next(Range.Low, Range.High + 1);
                if (!Issued.Contains(port) && IsFree(port) && Issued.Add(port)) return port;
            }
            // A crowded range: fall back to whatever the kernel offers.
            using var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            var any = ((IPEndPoint)listener.LocalEndpoint).Port;
            Issued.Add(any);
            return any;
        }
    }

    public static int[] Next(int count) => Enumerable.Range(0, count).Select(_ => Next()).ToArray();

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

    public static Task<bool> IsListeningAsync(int port, CancellationToken ct = default) => IsListeningAsync(IPAddress.Loopback, port, ct);

    public static async Task<bool> IsListeningAsync(IPAddress address, int port, CancellationToken ct = default)
    {
        using var client = new TcpClient();
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timeout.CancelAfter(TimeSpan.FromSeconds(2));
            await client.ConnectAsync(address, port, timeout.Token).ConfigureAwait(false);
            return true;
        }
        catch (Exception e) when (e is SocketException or OperationCanceledException && !ct.IsCancellationRequested)
        {
            return false;
        }
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
        // 15000-23999 here; the launcher (ResumePair.AppHost) picks service ports from 24000 up to the ephemeral
        // range, so the two never hand out the same port although neither knows what the other issued.
        return ephemeralLow > 24000 ? (15000, 23999) : (ephemeralLow, 65000);
    }
}
