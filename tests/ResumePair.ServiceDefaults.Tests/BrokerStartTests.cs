using System.Net;
using System.Net.Sockets;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Time.Testing;
using ResumePair.Messaging;
using ResumePair.Testing;
using Xunit;

namespace ResumePair.ServiceDefaults.Tests;

[Collection("infrastructure")]
public sealed class BrokerStartTests(InfrastructureFixture infra)
{
    [Fact]
    public async Task A_broker_that_boots_later_than_the_bus_start_timeout_delays_the_service_instead_of_failing_it()
    {
        var virtualHost = new Uri(await infra.CreateVirtualHostAsync("late-broker"));
        // The broker as the service sees it: a port that refuses connections until the broker is "up", then forwards.
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        var time = new FakeTimeProvider();
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration["ConnectionStrings:messaging"] = new UriBuilder(virtualHost) { Port = port }.ToString();
        builder.Services.AddSingleton<TimeProvider>(time);
        builder.AddMessaging();
        // Shorter than the broker's absence below, in real time: the bus starts only after the broker is up.
        builder.Services.Configure<MassTransitHostOptions>(o => o.StartTimeout = TimeSpan.FromSeconds(3));
        using var host = builder.Build();

        var start = host.StartAsync();
        for (var i = 0; i < 30; i++) // five minutes on the wait's clock, 6 s of real time
        {
            time.Advance(TimeSpan.FromSeconds(10));
            await Task.Delay(200);
        }
        Assert.False(start.IsCompleted, start.Exception?.ToString() ?? "started without a broker");

        await using var broker = TcpForwarder.Start(port, infra.RabbitMq.Host, infra.RabbitMq.Port);
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (!start.IsCompleted && DateTime.UtcNow < deadline)
        {
            time.Advance(TimeSpan.FromMilliseconds(100));
            await Task.Delay(50);
        }
        await start; // throws if the service gave up
        Assert.Equal(BusHealthStatus.Healthy, host.Services.GetRequiredService<IBusControl>().CheckHealth().Status);
        await host.StopAsync();
    }

    /// <summary>Accepts on a port and pipes each connection to the real broker.</summary>
    private sealed class TcpForwarder : IAsyncDisposable
    {
        private readonly TcpListener _listener;
        private readonly CancellationTokenSource _stop = new();
        private readonly Task _loop;

        private TcpForwarder(int port, string host, int targetPort)
        {
            _listener = new TcpListener(IPAddress.Loopback, port);
            _listener.Start();
            _loop = AcceptAsync(host, targetPort);
        }

        public static TcpForwarder Start(int port, string host, int targetPort) => new(port, host, targetPort);

        private async Task AcceptAsync(string host, int targetPort)
        {
            try
            {
                while (true)
                {
                    var client = await _listener.AcceptTcpClientAsync(_stop.Token);
                    _ = PipeAsync(client, host, targetPort);
                }
            }
            catch (OperationCanceledException)
            {
            }
        }

        private async Task PipeAsync(TcpClient client, string host, int targetPort)
        {
            using (client)
            using (var upstream = new TcpClient())
            {
                try
                {
                    await upstream.ConnectAsync(host, targetPort, _stop.Token);
                    await Task.WhenAny(client.GetStream().CopyToAsync(upstream.GetStream(), _stop.Token),
                        upstream.GetStream().CopyToAsync(client.GetStream(), _stop.Token));
                }
                catch (Exception e) when (e is IOException or SocketException or OperationCanceledException)
                {
                }
            }
        }

        public async ValueTask DisposeAsync()
        {
            await _stop.CancelAsync();
            _listener.Stop();
            await _loop;
        }
    }
}
