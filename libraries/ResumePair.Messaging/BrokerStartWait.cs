using System.Net.Sockets;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace ResumePair.Messaging;

/// <summary>
/// Holds start-up until the broker takes TCP connections, checking every 100 ms. Services start while the broker
/// still boots; MassTransit's own first connection attempt would fail and retry only after 3 s, then 6 s and more,
/// so a service would be ready seconds after its broker. Registered before MassTransit's hosted service, which then
/// connects at once. Not bounded: a broker that boots slowly (a loaded machine: seen after 60 s at load 58) delays the
/// service instead of failing its start, as the bus's own start timeout would; stopping the host ends the wait.
/// </summary>
internal sealed class BrokerStartWait(Uri broker, TimeProvider time, ILogger<BrokerStartWait> log) : IHostedService
{
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan Reminder = TimeSpan.FromSeconds(30);

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var port = broker.IsDefaultPort ? 5672 : broker.Port;
        var started = time.GetTimestamp();
        var logged = false;
        var reminded = TimeSpan.Zero;
        while (true)
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
                var waited = time.GetElapsedTime(started);
                if (!logged || waited - reminded >= Reminder)
                {
                    log.LogInformation("Waiting for the broker at {Host}:{Port} to take connections ({Seconds:0} s)",
                        broker.Host, port, waited.TotalSeconds);
                    reminded = waited;
                }
                logged = true;
            }
            await Task.Delay(Poll, time, cancellationToken);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
