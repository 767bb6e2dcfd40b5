using System.Net;
using System.Diagnostics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using ResumePair.ServiceDefaults.Http;
using Xunit;

namespace ResumePair.ServiceDefaults.Tests;

/// <summary>A client of another service (AddServiceResilience): discovery inside the standard resilience
/// pipeline.</summary>
public sealed class ServiceClientTests
{
    private sealed class Recorder : HttpMessageHandler
    {
        public List<Uri> Seen { get; } = [];

        protected override Task<HttpResponseMessage> SendAsync(
            HttpRequestMessage request,
            CancellationToken cancellationToken
        )
        {
            Seen.Add(request.RequestUri!);
            return Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK));
        }
    }

    private static HttpClient ServiceClient(
        IReadOnlyDictionary<string, string?> settings,
        HttpMessageHandler? primary = null
    )
    {
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());
        services.AddLogging();
        services.AddServiceDiscovery();
        var http = services.AddHttpClient("client").AddServiceResilience(TimeSpan.FromSeconds(10));
        if (primary is not null) http.ConfigurePrimaryHttpMessageHandler(() => primary);
        return services.BuildServiceProvider().GetRequiredService<IHttpClientFactory>().CreateClient("client");
    }

    private static (HttpClient Client, Recorder Recorder) Client(params (string Key, string Value)[] settings)
    {
        var recorder = new Recorder();
        return (ServiceClient(settings.ToDictionary(s => s.Key, s => (string?)s.Value), recorder), recorder);
    }

    [Fact]
    public async Task A_service_name_is_sent_to_every_replica_in_turn()
    {
        var (client, recorder) = Client(
            ("services:pdf-renderer:http:0", "http://127.0.0.1:7001"),
            ("services:pdf-renderer:http:1", "http://127.0.0.1:7002"));

        for (var i = 0; i < 4; i++) await client.GetAsync("http://pdf-renderer/templates?x=1");

        Assert.All(recorder.Seen, u => Assert.Equal("/templates?x=1", u.PathAndQuery));
        Assert.Equal(2, recorder.Seen.Count(u => u.Port == 7001));
        Assert.Equal(2, recorder.Seen.Count(u => u.Port == 7002));
    }

    [Fact]
    public async Task Real_host_names_and_unknown_services_pass_through()
    {
        var (client, recorder) = Client(("services:documents:http:0", "http://127.0.0.1:7003"));

        await client.GetAsync("https://bucket.s3.example.com/file.pdf");
        await client.GetAsync("http://unknown-service/x");

        Assert.Equal(
            ["https://bucket.s3.example.com/file.pdf", "http://unknown-service/x"],
            recorder.Seen.Select(u => u.ToString())
        );
    }

    [Fact]
    public async Task A_replica_that_refuses_connections_is_skipped_and_the_request_goes_to_the_next_at_once()
    {
        // One replica really listening, one port with nothing behind it (a killed process).
        var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var live = ((IPEndPoint)listener.LocalEndpoint).Port;
        var probe = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var dead = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        var served = 0;
        using var cts = new CancellationTokenSource();
        var server = Task.Run(async () =>
        {
            while (!cts.IsCancellationRequested)
            {
                using var socket = await listener.AcceptSocketAsync(cts.Token);
                var buffer = new byte[4096];
                await socket.ReceiveAsync(buffer, cts.Token);
                Interlocked.Increment(ref served);
                await socket.SendAsync(
                    "HTTP/1.1 200 OK\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"u8.ToArray(),
                    cts.Token
                );
            }
        });
        using var client = ServiceClient(new Dictionary<string, string?>
        {
            ["services:documents-x:http:0"] = $"http://127.0.0.1:{dead}",
            ["services:documents-x:http:1"] = $"http://127.0.0.1:{live}",
        });

        var started = Stopwatch.GetTimestamp();
        for (var i = 0; i < 6; i++)
        {
            // POST: not safe to repeat after it reached a replica, but a refused connection never did.
            using var response = await client.PostAsync("http://documents-x/api", new StringContent("{}"));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        Assert.Equal(6, served);
        // At once: no backoff between the refused replica and the next (the standard retry would wait 2 s or more).
        Assert.True(
            Stopwatch.GetElapsedTime(started) < TimeSpan.FromSeconds(1.5),
            $"took {Stopwatch.GetElapsedTime(started)}"
        );
        cts.Cancel();
        listener.Stop();
        await Assert.ThrowsAnyAsync<Exception>(() => server);
    }
}
