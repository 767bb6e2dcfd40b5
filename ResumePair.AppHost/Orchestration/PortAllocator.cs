using System.Net;
using System.Net.Sockets;

namespace ResumePair.AppHost.Orchestration;

/// <summary>Hands out distinct free loopback ports (each held open until <see cref="Dispose"/>, so none repeats).</summary>
public sealed class PortAllocator : IDisposable
{
    private readonly List<TcpListener> _held = [];

    public int Next()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        _held.Add(listener);
        return ((IPEndPoint)listener.LocalEndpoint).Port;
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
        foreach (var l in _held) l.Stop();
        _held.Clear();
    }
}
