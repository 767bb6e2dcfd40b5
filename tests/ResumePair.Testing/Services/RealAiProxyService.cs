extern alias aiproxy;
using Microsoft.AspNetCore.Hosting;
using AiProxyProgram = aiproxy::Program;

namespace ResumePair.Testing.Services;

/// <summary>
/// The real ai-proxy (its Program, migrations, quota, cache, ledger and provider pipeline) on 127.0.0.1 and a fixed
/// free port, on its own database of the shared PostgreSQL, wired to a <see cref="RealDocumentsService"/> as the
/// AppHost wires it: <c>services:documents</c>, the documents JWKS, the same <c>Internal:Key</c> and the fixture's
/// RabbitMQ (its AccountDeleted consumer; <c>ConnectionStrings:messaging</c> in the settings overrides it). It answers
/// with the offline provider unless the settings name another (e.g.
/// <see cref="Vendors.FakeOpenAiServer.ProxySettings"/>). Referenced with the <c>aiproxy</c> alias: every service
/// declares a global <c>Program</c>.
/// </summary>
public sealed class RealAiProxyService : IAsyncDisposable
{
    private readonly LocalServiceHost<AiProxyProgram> _host;

    private RealAiProxyService(
        string connectionString,
        string amqpUri,
        RealDocumentsService documents,
        IReadOnlyDictionary<string, string> settings
    )
    {
        ConnectionString = connectionString;
        _host = new(web =>
        {
            web.UseSetting("ConnectionStrings:aidb", connectionString);
            web.UseSetting("ConnectionStrings:messaging", amqpUri);
            documents.Wire(web);
            foreach (var (key, value) in settings) web.UseSetting(key, value);
        }, "/alive");
    }

    /// <summary>The service's base address (no trailing slash), for <c>services:ai-proxy:http:0</c>.</summary>
    public string Url => _host.Url;

    /// <summary>The proxy's own database (<c>aidb</c>): the usage ledger, cache and limiter state.</summary>
    public string ConnectionString { get; }

    /// <param name="settings">Configuration on top of the wiring (<c>Ai:*</c>, <c>RateLimits:*</c>).</param>
    public static async Task<RealAiProxyService> StartAsync(InfrastructureFixture infra, RealDocumentsService documents,
        IReadOnlyDictionary<string, string>? settings = null, CancellationToken ct = default)
    {
        var connectionString = await LocalServiceHost<AiProxyProgram>.CreateDatabaseAsync(infra, "ai", ct);
        var service = new RealAiProxyService(
            connectionString,
            infra.RabbitMq.AmqpUri,
            documents,
            settings ?? new Dictionary<string, string>()
        );
        await service.StartAsync(ct);
        return service;
    }

    /// <summary>Starts the service (again) on its port and waits until it answers.</summary>
    public Task StartAsync(CancellationToken ct = default) => _host.StartAsync(ct);

    /// <summary>Stops the service: its port refuses connections until
    /// <see cref="StartAsync(CancellationToken)"/>.</summary>
    public Task StopAsync() => _host.StopAsync();

    public async ValueTask DisposeAsync() => await StopAsync();
}
