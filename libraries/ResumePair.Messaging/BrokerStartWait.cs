using System.Net.Sockets;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace ResumePair.Messaging;

/// <summary>
/// Holds start-up until the broker takes TCP connections, checking every 100 ms. Services start while the broker
/// still boots; MassTransit's own first connection attempt would fail and retry only after 3 s, then 6 s and more,
/// so a service would be ready seconds after its broker. Registered before MassTransit's hosted service, which then
/// connects at once. Bounded (half the bus's start timeout): after it, MassTransit's own retries and errors take over.
/// </summary>
internal sealed class BrokerStartWait(Uri broker, TimeSpan timeout, TimeProvider time, ILogger<BrokerStartWait> log)
    : IHostedService
{
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(100);

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var port = broker.IsDefaultPort ? 5672 : broker.Port;
        var started = time.GetTimestamp();
        var logged = false;
        while (time.GetElapsedTime(started) < timeout)
        {
            try
            {
                using var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
                await socket.ConnectAsync(broker.Host, port, cancellationToken);
                if (logged) log.LogInformation("The broker takes connections after {Seconds:0.0} s",
                    time.GetElapsedTime(started).TotalSeconds);
                return;
            }
            catch (SocketException)
            {
                if (!logged) log.LogInformation("Waiting for the broker at {Host}:{Port} to take connections",
                    broker.Host, port);
                logged = true;
            }
            await Task.Delay(Poll, time, cancellationToken);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
