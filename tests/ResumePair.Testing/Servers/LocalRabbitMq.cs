using System.Net.Sockets;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;

namespace ResumePair.Testing.Servers;

/// <summary>The RabbitMQ resource of <see cref="LocalServers"/>: 127.0.0.1, user guest, management plugin on.</summary>
public sealed class LocalRabbitMq(DistributedApplication app, LocalRabbitMQResource resource)
    : LocalServer(app, resource)
{
    private readonly LocalRabbitMQResource _broker = resource;

    public string Host => _broker.Network?.ListenAddress ?? "127.0.0.1";

    public int Port => _broker.PrimaryEndpoint.Port;

    public int ManagementPort => _broker.ManagementEndpoint.Port;

    public string AmqpUri => $"amqp://guest:guest@{Host}:{Port}/";

    /// <summary>
    /// The management API answers once the node has booted its applications; the AMQP listener opens at the end of
    /// the same boot.
    /// </summary>
    protected override async Task<bool> ServesAsync(CancellationToken ct)
    {
        try
        {
            using var management = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
            management.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue(
                "Basic", Convert.ToBase64String("guest:guest"u8));
            using var overview = await management.GetAsync($"http://{Host}:{ManagementPort}/api/overview", ct);
            if (!overview.IsSuccessStatusCode) return false;
            using var amqp = new TcpClient();
            await amqp.ConnectAsync(Host, Port, ct);
            return true;
        }
        catch (Exception e) when (e is HttpRequestException or SocketException
                                      or TaskCanceledException && !ct.IsCancellationRequested)
        {
            return false;
        }
    }
}
