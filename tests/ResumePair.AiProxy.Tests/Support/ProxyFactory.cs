using System.Net.Http.Headers;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using ResumePair.Migrations;
using ResumePair.Testing;
using ResumePair.Testing.Services;
using ResumePair.Testing.Vendors;

namespace ResumePair.AiProxy.Tests.Support;

/// <summary>
/// One ai-proxy replica (the real Program) on a given database, calling the real documents service (and validating its
/// tokens through its JWKS) through the ordinary discovery configuration. Two factories on one database are two
/// replicas.
/// </summary>
public sealed class ProxyFactory(
    string connectionString,
    string documentsUrl,
    Dictionary<string, string> settings,
    TimeProvider? time
) : WebApplicationFactory<Program>
{
    public CapturingLoggerProvider Logs { get; } = new();

    /// <summary>A fresh database with the proxy's migrations applied (what <c>--migrate</c> does before
    /// start).</summary>
    public static async Task<string> CreateDatabaseAsync(InfrastructureFixture infra)
    {
        var connectionString = await infra.CreateDatabaseAsync("ai");
        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        await MigrationRunner.ApplyAsync(
            dataSource,
            typeof(Program).Assembly,
            NullLogger.Instance,
            CancellationToken.None
        );
        return connectionString;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Development");
        builder.UseSetting("ConnectionStrings:aidb", connectionString);
        builder.UseSetting("services:documents:http:0", documentsUrl);
        builder.UseSetting("Jwt:MetadataAddress", documentsUrl + "/.well-known/openid-configuration");
        builder.UseSetting("Logging:LogLevel:Default", "Warning");
        // The console stays quiet; the capture sees everything down to Debug (HttpClient's request lines included).
        builder.ConfigureLogging(logging =>
            logging.AddProvider(Logs).AddFilter<CapturingLoggerProvider>(null, LogLevel.Debug)
        );
        foreach (var (key, value) in settings) builder.UseSetting(key, value);
        builder.ConfigureServices(s =>
        {
            if (time is not null) s.Replace(ServiceDescriptor.Singleton(time));
        });
    }

    public HttpClient CreateClient(string token)
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }
}

/// <summary>
/// A database, the real documents service (accounts, tokens, documents), optionally a fake OpenAI vendor, and one
/// replica of the proxy.
/// </summary>
public sealed class AiHarness : IAsyncDisposable
{
    private readonly List<ProxyFactory> _replicas = [];

    public required string ConnectionString { get; init; }
    public required RealDocumentsService Documents { get; init; }
    public FakeOpenAiServer? OpenAi { get; init; }
    public required Dictionary<string, string> Settings { get; init; }
    public TimeProvider? Time { get; init; }
    public ProxyFactory Proxy => _replicas[0];

    /// <param name="openAi">Run the proxy against a fake OpenAI server (else the offline provider).</param>
    public static async Task<AiHarness> StartAsync(
        InfrastructureFixture infra,
        bool openAi = false,
        Dictionary<string, string>? settings = null,
        TimeProvider? time = null
    )
    {
        var all = new Dictionary<string, string>(settings ?? []);
        // The proxy's bus (AccountDeleted): the fixture's broker unless the test gives it a virtual host of its own.
        all.TryAdd("ConnectionStrings:messaging", infra.RabbitMq.AmqpUri);
        var fake = openAi ? await FakeOpenAiServer.StartAsync() : null;
        if (fake is not null)
        {
            foreach (var (key, value) in fake.ProxySettings()) all.TryAdd(key, value);
            all.TryAdd("Ai:Resilience:RetryBaseDelay", "00:00:00.050");
        }
        var harness = new AiHarness
        {
            ConnectionString = await ProxyFactory.CreateDatabaseAsync(infra),
            Documents = await RealDocumentsService.StartAsync(infra),
            OpenAi = fake,
            Settings = all,
            Time = time,
        };
        harness.AddReplica();
        return harness;
    }

    public ProxyFactory AddReplica()
    {
        var replica = new ProxyFactory(ConnectionString, Documents.Url, Settings, Time);
        _ = replica.Server; // start now, not on the first request
        _replicas.Add(replica);
        return replica;
    }

    /// <summary>A new account, registered with the documents service (an admin when asked), with the token it
    /// issued.</summary>
    public Task<TestUser> UserAsync(bool admin = false) => Documents.RegisterAsync(admin);

    /// <summary>A client of the proxy (the first replica unless named) signed in with the user's real token.</summary>
    public HttpClient Client(TestUser user, ProxyFactory? replica = null) =>
        (replica ?? Proxy).CreateClient(user.AccessToken);

    public async Task<T> ScalarAsync<T>(string sql)
    {
        await using var dataSource = NpgsqlDataSource.Create(ConnectionString);
        await using var cmd = dataSource.CreateCommand(sql);
        return (T)(await cmd.ExecuteScalarAsync())!;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var r in _replicas) await r.DisposeAsync();
        await Documents.DisposeAsync();
        if (OpenAi is not null) await OpenAi.DisposeAsync();
    }
}
