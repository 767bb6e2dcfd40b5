using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using ResumePair.Migrations;
using ResumePair.Testing;
using Xunit;
using ResumePair.Testing.Services;

namespace ResumePair.Documents.Tests.Support;

[CollectionDefinition(Name)]
public sealed class DocumentsServiceCollection : ICollectionFixture<DocumentsServiceFixture>
{
    public const string Name = "documents-service";
}

/// <summary>
/// The documents service hosted in-process against a real PostgreSQL (one database for the run, migrated
/// with the service's own MigrationRunner). Tests isolate themselves by registering their own users.
/// </summary>
public sealed class DocumentsServiceFixture : IAsyncLifetime
{
    private readonly InfrastructureFixture _infrastructure = new();
    private WebApplicationFactory<Program>? _factory;

    public string ConnectionString { get; private set; } = "";

    /// <summary>Configured as an admin address (<c>Accounts:AdminEmails</c>).</summary>
    public const string AdminEmail = "admin@resumepair.test";

    /// <summary>Where the development mail transport writes (inside the fixture's data folder, deleted with
    /// it).</summary>
    public string MailboxPath => Path.Combine(_infrastructure.DataDirectory, "mailbox");

    public NpgsqlDataSource Database { get; private set; } = null!;

    public WebApplicationFactory<Program> Factory => _factory!;

    public async Task InitializeAsync()
    {
        await _infrastructure.InitializeAsync();
        ConnectionString = await _infrastructure.CreateDatabaseAsync("documents");
        Database = NpgsqlDataSource.Create(ConnectionString);
        await MigrationRunner.ApplyAsync(
            Database,
            typeof(Program).Assembly,
            NullLogger.Instance,
            CancellationToken.None
        );

        _factory = CreateReplica();
    }

    /// <summary>Failed logins from one address before it is locked (lower than the default, to keep tests
    /// short).</summary>
    public const int MaxFailedLoginsPerAddress = 8;

    /// <summary>
    /// Another instance of the service on the same database and broker, as a second replica behind the gateway
    /// would be. The caller disposes it.
    /// </summary>
    public WebApplicationFactory<Program> CreateReplica(Action<IWebHostBuilder>? configure = null) =>
        new WebApplicationFactory<Program>().WithWebHostBuilder(web =>
        {
            web.UseEnvironment("Testing");
            web.UseSetting("ConnectionStrings:documentsdb", ConnectionString);
            web.UseSetting("ConnectionStrings:messaging", _infrastructure.RabbitMq.AmqpUri);
            web.UseSetting("Mail:DevMailboxEndpoint", "true");
            web.UseSetting("Accounts:AdminEmails:0", AdminEmail);
            web.UseSetting(
                "Accounts:MaxFailedLoginsPerAddress",
                MaxFailedLoginsPerAddress.ToString(System.Globalization.CultureInfo.InvariantCulture)
            );
            web.UseSetting("Mail:DevMailboxPath", MailboxPath);
            // Tests through the in-process gateway all come from 127.0.0.1; AccountThrottleTests set their own limits.
            web.UseSetting("RateLimits:Policies:auth-register-address:PermitLimit", "100000");
            // The gateway asks this service whether a session is live over a signed internal route.
            web.UseSetting("Internal:Key", RealDocumentsService.TestInternalKey);
            configure?.Invoke(web);
        });

    /// <summary>A fresh database with this service's migrations applied (for tests that need an empty one).</summary>
    public async Task<NpgsqlDataSource> CreateMigratedDatabaseAsync(string prefix)
    {
        var dataSource = NpgsqlDataSource.Create(await _infrastructure.CreateDatabaseAsync(prefix));
        await MigrationRunner.ApplyAsync(
            dataSource,
            typeof(Program).Assembly,
            NullLogger.Instance,
            CancellationToken.None
        );
        return dataSource;
    }

    public HttpClient CreateClient(string? accessToken = null)
    {
        var client = Factory.CreateClient();
        // Each client looks like its own address (as the gateway reports it), so failed logins of one test do
        // not count against another's address.
        client.DefaultRequestHeaders.Add(
            "X-Forwarded-For",
            $"10.{Random.Shared.Next(256)}.{Random.Shared.Next(256)}.{Random.Shared.Next(1, 255)}"
        );
        if (accessToken is not null)
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        return client;
    }

    /// <summary>Registers a fresh user and returns its token response.</summary>
    public async Task<JsonElement> RegisterAsync(
        string? email = null,
        string password = "correct-horse-1",
        string name = "Test User"
    )
    {
        using var client = CreateClient();
        var response = await client.PostAsJsonAsync("/api/v1/auth/register",
            new { email = email ?? $"user-{Guid.NewGuid():N}@example.com", password, name });
        Assert.Equal(System.Net.HttpStatusCode.Created, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    /// <summary>A client signed in as a fresh user.</summary>
    public async Task<HttpClient> SignedInClientAsync() =>
        CreateClient((await RegisterAsync()).GetProperty("accessToken").GetString());

    public async Task DisposeAsync()
    {
        if (_factory is not null) await _factory.DisposeAsync();
        if (Database is not null) await Database.DisposeAsync();
        await _infrastructure.DisposeAsync();
    }
}
