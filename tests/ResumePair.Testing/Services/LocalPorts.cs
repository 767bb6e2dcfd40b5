using System.Net;
using System.Net.Sockets;

namespace ResumePair.Testing.Services;

/// <summary>Ports for the real services tests host, and the wait until one answers.</summary>
public static class LocalPorts
{
    /// <summary>
    /// A free port on 127.0.0.1, picked once so a service stopped and started again keeps its address
    /// (Kestrel's port 0 would change it).
    /// </summary>
    public static int Free()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>Polls <paramref name="url"/> until it answers 2xx; a service not answering within 10 s fails the
    /// test.</summary>
    public static async Task WaitUntilAnsweringAsync(string url, CancellationToken ct)
    {
        using var http = new HttpClient();
        for (var i = 0; i < 100; i++)
        {
            try
            {
                using var response = await http.GetAsync(url, ct);
                if (response.IsSuccessStatusCode) return;
            }
            catch (HttpRequestException) { } // not listening yet
            await Task.Delay(100, ct);
        }
        throw new TimeoutException($"{url} did not answer within 10 s.");
    }
}
