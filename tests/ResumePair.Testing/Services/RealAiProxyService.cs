extern alias aiproxy;
using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using ResumePair.ServiceDefaults.Data;
using AiProxyProgram = aiproxy::Program;

namespace ResumePair.Testing.Services;

/// <summary>
/// The real ai-proxy (its Program, migrations, quota, cache, ledger and provider pipeline) on 127.0.0.1 and a fixed
/// free port, on its own database of the shared PostgreSQL, wired to a <see cref="RealDocumentsService"/> as the
/// AppHost wires it: <c>services:documents</c>, the documents JWKS and the same <c>Internal:Key</c>. It answers with
/// the offline provider unless the settings name another (e.g. <see cref="Vendors.FakeOpenAiServer.ProxySettings"/>).
/// Referenced with the <c>aiproxy</c> alias: every service declares a global <c>Program</c>.
/// </summary>
public sealed class RealAiProxyService : IAsyncDisposable
{
    private readonly string _connectionString;
    private readonly RealDocumentsService _documents;
    private readonly IReadOnlyDictionary<string, string> _settings;
    private readonly int _port;
    private WebApplicationFactory<AiProxyProgram>? _factory;

    private RealAiProxyService(string connectionString, RealDocumentsService documents, IReadOnlyDictionary<string, string> settings, int port) =>
        (_connectionString, _documents, _settings, _port) = (connectionString, documents, settings, port);

    /// <summary>The service's base address (no trailing slash), for <c>services:ai-proxy:http:0</c>.</summary>
    public string Url => $"http://127.0.0.1:{_port}";

    /// <summary>The proxy's own database (<c>aidb</c>): the usage ledger, cache and limiter state.</summary>
    public string ConnectionString => _connectionString;

    /// <param name="settings">Configuration on top of the wiring (<c>Ai:*</c>, <c>RateLimits:*</c>).</param>
    public static async Task<RealAiProxyService> StartAsync(InfrastructureFixture infra, RealDocumentsService documents,
        IReadOnlyDictionary<string, string>? settings = null, CancellationToken ct = default)
    {
        var connectionString = await infra.CreateDatabaseAsync("ai");
        await using (var dataSource = NpgsqlDataSource.Create(connectionString))
            await MigrationRunner.ApplyAsync(dataSource, typeof(AiProxyProgram).Assembly, NullLogger.Instance, ct);
        var service = new RealAiProxyService(connectionString, documents, settings ?? new Dictionary<string, string>(), LocalPorts.Free());
        await service.StartAsync(ct);
        return service;
    }

    /// <summary>Starts the service (again) on its port and waits until it answers.</summary>
    public async Task StartAsync(CancellationToken ct = default)
    {
        if (_factory is not null) return;
        var factory = new WebApplicationFactory<AiProxyProgram>().WithWebHostBuilder(web =>
        {
            web.UseEnvironment("Testing");
            web.UseSetting("ConnectionStrings:aidb", _connectionString);
            web.UseSetting("services:documents:http:0", _documents.Url);
            web.UseSetting("Jwt:MetadataAddress", _documents.Url + "/.well-known/openid-configuration");
            web.UseSetting("Internal:Key", _documents.InternalKey);
            foreach (var (key, value) in _settings) web.UseSetting(key, value);
        });
        factory.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, _port));
        factory.StartServer();
        _factory = factory;
        await LocalPorts.WaitUntilAnsweringAsync(Url + "/alive", ct);
    }

    /// <summary>Stops the service: its port refuses connections until <see cref="StartAsync(CancellationToken)"/>.</summary>
    public async Task StopAsync()
    {
        if (_factory is null) return;
        await _factory.DisposeAsync();
        _factory = null;
    }

    public async ValueTask DisposeAsync() => await StopAsync();
}
