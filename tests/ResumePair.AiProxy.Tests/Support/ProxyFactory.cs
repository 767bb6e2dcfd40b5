using System.Net.Http.Headers;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using ResumePair.ServiceDefaults.Data;
using ResumePair.Testing;

namespace ResumePair.AiProxy.Tests.Support;

/// <summary>
/// One ai-proxy replica (the real Program) on a given database, with the documents service (and its JWKS) at
/// <see cref="FakeDocumentsServer"/> through the ordinary discovery configuration. Two factories on one database
/// are two replicas.
/// </summary>
public sealed class ProxyFactory(string connectionString, string documentsUrl, Dictionary<string, string> settings, TimeProvider? time)
    : WebApplicationFactory<Program>
{
    public CapturingLoggerProvider Logs { get; } = new();

    /// <summary>A fresh database with the proxy's migrations applied (what <c>--migrate</c> does before start).</summary>
    public static async Task<string> CreateDatabaseAsync(InfrastructureFixture infra)
    {
        var connectionString = await infra.CreateDatabaseAsync("ai");
        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        await MigrationRunner.ApplyAsync(dataSource, typeof(Program).Assembly, NullLogger.Instance, CancellationToken.None);
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
        builder.ConfigureLogging(logging => logging.AddProvider(Logs).AddFilter<CapturingLoggerProvider>(null, LogLevel.Debug));
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

/// <summary>A database, the fake documents service, optionally a fake OpenAI server, and one replica of the proxy.</summary>
public sealed class AiHarness : IAsyncDisposable
{
    private readonly List<ProxyFactory> _replicas = [];

    public required string ConnectionString { get; init; }
    public required FakeDocumentsServer Documents { get; init; }
    public FakeOpenAiServer? OpenAi { get; init; }
    public required Dictionary<string, string> Settings { get; init; }
    public TimeProvider? Time { get; init; }
    public ProxyFactory Proxy => _replicas[0];

    /// <param name="openAi">Run the proxy against a fake OpenAI server (else the offline provider).</param>
    public static async Task<AiHarness> StartAsync(InfrastructureFixture infra, bool openAi = false, Dictionary<string, string>? settings = null, TimeProvider? time = null)
    {
        var all = new Dictionary<string, string>(settings ?? []);
        var fake = openAi ? await FakeOpenAiServer.StartAsync() : null;
        if (fake is not null)
        {
            all.TryAdd("Ai:Provider", "openai");
            all.TryAdd("Ai:OpenAi:BaseUrl", fake.BaseUrl);
            all.TryAdd("Ai:OpenAi:Model", "test-model");
            all.TryAdd("Ai:OpenAi:ApiKey", "sk-test-secret");
            all.TryAdd("Ai:Resilience:RetryBaseDelay", "00:00:00.050");
        }
        var harness = new AiHarness
        {
            ConnectionString = await ProxyFactory.CreateDatabaseAsync(infra),
            Documents = await FakeDocumentsServer.StartAsync(),
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

    public HttpClient Client(Guid userId, ProxyFactory? replica = null, string role = "user", string? plan = null) =>
        (replica ?? Proxy).CreateClient(Documents.MintToken(userId, role, plan));

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
