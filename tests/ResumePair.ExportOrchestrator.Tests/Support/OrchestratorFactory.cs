using System.Net.Http.Headers;
using MassTransit;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Npgsql;
using ResumePair.Testing;
using ResumePair.Testing.Services;

namespace ResumePair.ExportOrchestrator.Tests.Support;

/// <summary>
/// The real orchestrator (Program) on its own fresh database and the test broker, calling the real documents service
/// (<see cref="RealDocumentsService"/>, on a local port) through the ordinary discovery configuration and with the
/// same internal key, and validating its tokens through its JWKS as in production.
/// </summary>
public sealed class OrchestratorFactory : WebApplicationFactory<Program>
{
    private readonly string _connectionString;
    private readonly string _amqpUri;
    private readonly string _documentsUrl;
    private readonly string _internalKey;
    private readonly TimeProvider? _time;
    private readonly Dictionary<string, string> _settings;
    private Action<IServiceCollection>? _services;

    private OrchestratorFactory(
        string connectionString,
        string amqpUri,
        string documentsUrl,
        string internalKey,
        TimeProvider? time,
        Dictionary<string, string> settings
    )
    {
        _internalKey = internalKey;
        _connectionString = connectionString;
        _amqpUri = amqpUri;
        _documentsUrl = documentsUrl;
        _time = time;
        _settings = settings;
    }

    public NpgsqlDataSource DataSource { get; private set; } = null!;

    public string ConnectionString => _connectionString;

    /// <param name="connectionString">An existing orchestrator database (a second replica, or a restart); a new one
    /// when null.</param>
    /// <param name="services">More services (e.g. a job type only tests run).</param>
    public static async Task<OrchestratorFactory> CreateAsync(
        InfrastructureFixture infra,
        RealDocumentsService documents,
        TimeProvider? time = null,
        Dictionary<string, string>? settings = null,
        string? connectionString = null,
        Action<IServiceCollection>? services = null
    )
    {
        NpgsqlDataSource dataSource;
        if (connectionString is null) (connectionString, dataSource) = await TestDatabase.CreateAsync(infra, "orch");
        else dataSource = NpgsqlDataSource.Create(connectionString);
        var factory = new OrchestratorFactory(
            connectionString,
            infra.RabbitMq.AmqpUri,
            documents.Url,
            documents.InternalKey,
            time,
            settings ?? []
        )
        {
            DataSource = dataSource,
            _services = services,
        };
        _ = factory.Server; // start the host (and its bus) now, not on the first request
        return factory;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Development");
        builder.UseSetting("ConnectionStrings:exportsdb", _connectionString);
        builder.UseSetting("ConnectionStrings:messaging", _amqpUri);
        builder.UseSetting("services:documents:http:0", _documentsUrl);
        builder.UseSetting("Jwt:MetadataAddress", _documentsUrl + "/.well-known/openid-configuration");
        builder.UseSetting("Internal:Key", _internalKey);
        builder.UseSetting("Outbox:PollInterval", "00:00:00.250");
        builder.UseSetting("Export:SchedulerInterval", "00:00:00.200");
        builder.UseSetting("Export:MaintenanceInterval", "00:00:00.500");
        // Most tests post more than 5 exports a minute; the rate-limit test sets its own limit.
        builder.UseSetting("RateLimits:Policies:export-requests:PermitLimit", "1000");
        foreach (var (key, value) in _settings) builder.UseSetting(key, value);
        builder.ConfigureServices(s =>
        {
            // Tests publish right after start: the consumers' queues and bindings must exist by then.
            s.Configure<MassTransitHostOptions>(o =>
            {
                o.WaitUntilStarted = true;
                o.StartTimeout = TimeSpan.FromSeconds(60);
            });
            if (_time is not null) s.Replace(ServiceDescriptor.Singleton(_time));
            _services?.Invoke(s);
        });
    }

    public HttpClient CreateClient(string token)
    {
        var client = CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        await DataSource.DisposeAsync();
    }
}
