using System.Net;
using System.Net.Sockets;

namespace ResumePair.Testing.Network;

/// <summary>
/// A TCP link on 127.0.0.1 to a real service that can lose the service's answers: the request goes through and the
/// service handles it, then the connection is cut before any byte of the answer reaches the caller, as when a network
/// drops a connection mid-exchange. Nothing is answered in the service's place; otherwise bytes pass unchanged.
/// Point the caller's discovery configuration at <see cref="Url"/> instead of the service's own address.
/// </summary>
public sealed class LossyLink : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly Uri _target;
    private readonly CancellationTokenSource _stopping = new();
    private readonly Task _accepting;
    private int _answersToLose;
    private int _answersLost;

    private LossyLink(string targetUrl)
    {
        _target = new Uri(targetUrl);
        _listener.Start();
        _accepting = AcceptAsync(_stopping.Token);
    }

    /// <param name="targetUrl">The real service's base address (http://127.0.0.1:port).</param>
    public static LossyLink Start(string targetUrl) => new(targetUrl);

    /// <summary>The link's base address (no trailing slash).</summary>
    public string Url => $"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}";

    /// <summary>How many answers have been lost so far.</summary>
    public int AnswersLost => Volatile.Read(ref _answersLost);

    /// <summary>The next <paramref name="count"/> answers (one per connection: the connection is cut) are
    /// lost.</summary>
    public void LoseAnswers(int count) => Interlocked.Add(ref _answersToLose, count);

    private async Task AcceptAsync(CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            TcpClient caller;
            try
            {
                caller = await _listener.AcceptTcpClientAsync(ct);
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }
            _ = RelayAsync(caller, ct);
        }
    }

    private async Task RelayAsync(TcpClient caller, CancellationToken ct)
    {
        using var _ = caller;
        using var service = new TcpClient();
        try
        {
            await service.ConnectAsync(_target.Host, _target.Port, ct);
        }
        catch (SocketException)
        {
            return; // the service is down: the caller sees its connection closed, as it would see a refusal
        }
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var requests = Pump(caller.GetStream(), service.GetStream(), loseAnswers: false, linked.Token);
        var answers = Pump(service.GetStream(), caller.GetStream(), loseAnswers: true, linked.Token);
        await Task.WhenAny(requests, answers);
        await linked.CancelAsync(); // either side closing ends the exchange: close both
    }

    private async Task Pump(NetworkStream from, NetworkStream to, bool loseAnswers, CancellationToken ct)
    {
        var buffer = new byte[16 * 1024];
        try
        {
            int read;
            while ((read = await from.ReadAsync(buffer, ct)) > 0)
            {
                // The service has answered (it handled the request): when an answer is due to be lost, cut the link
                // now.
                if (loseAnswers && TryTakeLoss()) return;
                await to.WriteAsync(buffer.AsMemory(0, read), ct);
            }
        }
        catch (Exception e)
            when (e is OperationCanceledException or IOException or SocketException or ObjectDisposedException) { }
    }

    private bool TryTakeLoss()
    {
        while (true)
        {
            var left = Volatile.Read(ref _answersToLose);
            if (left == 0) return false;
            if (Interlocked.CompareExchange(ref _answersToLose, left - 1, left) != left) continue;
            Interlocked.Increment(ref _answersLost);
            return true;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        _listener.Stop();
        await _accepting;
        _stopping.Dispose();
    }
}
