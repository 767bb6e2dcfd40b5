extern alias documents;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using ResumePair.ServiceDefaults.Data;
using Xunit;
using DocumentsProgram = documents::Program;

namespace ResumePair.Testing.Services;

/// <summary>
/// The real documents service (its Program, migrations, auth and JWKS) on 127.0.0.1 and a fixed free port, on its
/// own database of the shared PostgreSQL, so other services under test validate real tokens and read real documents
/// over HTTP as in production. It can be stopped and started again on the same port (to be "down").
/// Referenced with the <c>documents</c> alias: every service declares a global <c>Program</c>.
/// </summary>
public sealed class RealDocumentsService : IAsyncDisposable
{
    /// <summary>How many admin addresses are configured (<c>Accounts:AdminEmails</c>); each registers once.</summary>
    private const int AdminAddresses = 8;

    private readonly string _connectionString;
    private readonly string _amqpUri;
    private readonly string _internalKey;
    private readonly int _port;
    private WebApplicationFactory<DocumentsProgram>? _factory;
    private int _documentReads;
    private int _admins;

    private RealDocumentsService(string connectionString, string amqpUri, string internalKey, int port) =>
        (_connectionString, _amqpUri, _internalKey, _port) = (connectionString, amqpUri, internalKey, port);

    /// <summary>The <c>Internal:Key</c> tests give every service when they do not choose one (as the AppHost shares one).</summary>
    public const string TestInternalKey = "resumepair-test-internal-key";

    /// <summary>The shared <c>Internal:Key</c> this service checks; give the service under test the same one.</summary>
    public string InternalKey => _internalKey;

    /// <summary>The service's base address (no trailing slash), for <c>services:documents:http:0</c>.</summary>
    public string Url => $"http://127.0.0.1:{_port}";

    /// <summary>GET requests the service received for documents (…/api/v1/documents/…), counted as they arrive.</summary>
    public int DocumentReads => Volatile.Read(ref _documentReads);

    /// <param name="internalKey">The shared <c>Internal:Key</c>; the service under test must be given the same one.</param>
    public static async Task<RealDocumentsService> StartAsync(InfrastructureFixture infra, string internalKey = TestInternalKey)
    {
        var connectionString = await infra.CreateDatabaseAsync("documents");
        await using (var dataSource = NpgsqlDataSource.Create(connectionString))
            await MigrationRunner.ApplyAsync(dataSource, typeof(DocumentsProgram).Assembly, NullLogger.Instance, CancellationToken.None);
        var service = new RealDocumentsService(connectionString, infra.RabbitMq.AmqpUri, internalKey, FreePort());
        await service.StartAsync();
        return service;
    }

    /// <summary>Starts the service (again) on its port and waits until it answers.</summary>
    public async Task StartAsync()
    {
        if (_factory is not null) return;
        var factory = new WebApplicationFactory<DocumentsProgram>().WithWebHostBuilder(web =>
        {
            web.UseEnvironment("Testing");
            web.UseSetting("ConnectionStrings:documentsdb", _connectionString);
            web.UseSetting("ConnectionStrings:messaging", _amqpUri);
            web.UseSetting("Internal:Key", _internalKey);
            for (var i = 0; i < AdminAddresses; i++) web.UseSetting($"Accounts:AdminEmails:{i}", AdminEmailAt(i));
            web.ConfigureServices(s => s.AddSingleton<IStartupFilter>(new CountReads(this)));
        });
        factory.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, _port));
        factory.StartServer();
        _factory = factory;
        using var http = new HttpClient();
        for (var i = 0; ; i++)
        {
            try
            {
                if ((await http.GetAsync(Url + "/.well-known/openid-configuration")).IsSuccessStatusCode) return;
            }
            catch (HttpRequestException) when (i < 100) { }
            await Task.Delay(100);
        }
    }

    /// <summary>Stops the service: its port refuses connections until <see cref="StartAsync()"/>.</summary>
    public async Task StopAsync()
    {
        if (_factory is null) return;
        await _factory.DisposeAsync();
        _factory = null;
    }

    /// <summary>Registers a fresh user through POST /api/v1/auth/register and returns it with its access token.</summary>
    public async Task<TestUser> RegisterAsync(bool admin = false)
    {
        // The role comes from the configured admin addresses, as in production; each can register only once.
        var email = admin ? AdminEmailAt(Interlocked.Increment(ref _admins) - 1) : $"user-{Guid.NewGuid():N}@example.test";
        using var http = Client(null);
        var response = await http.PostAsJsonAsync("/api/v1/auth/register", new { email, password = "correct-horse-1", name = "Jane Doe" });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        var user = body.GetProperty("user");
        return new TestUser(user.GetProperty("id").GetGuid(), email, user.GetProperty("role").GetString()!, body.GetProperty("accessToken").GetString()!);
    }

    public const string SampleResumeData = """{"profile":{"name":"Jane Doe","headline":"Engineer"},"work":[]}""";

    /// <summary>Creates a resume for the user through POST /api/v1/documents and returns its id.</summary>
    public async Task<Guid> CreateResumeAsync(TestUser user, string title = "Jane Doe — Resume", string data = SampleResumeData)
    {
        using var http = Client(user.AccessToken);
        using var parsed = JsonDocument.Parse(data);
        var response = await http.PostAsJsonAsync("/api/v1/documents", new { type = "resume", title, data = parsed.RootElement });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
    }

    /// <summary>
    /// Replaces the resume's title and data through PUT /api/v1/documents/{id} with If-Match on its current version
    /// (read first), making a new version; returns the version the service answers.
    /// </summary>
    public async Task<long> UpdateResumeAsync(TestUser user, Guid id, string title, string data = SampleResumeData)
    {
        using var http = Client(user.AccessToken);
        using var current = await http.GetAsync($"/api/v1/documents/{id}");
        Assert.Equal(HttpStatusCode.OK, current.StatusCode);
        using var parsed = JsonDocument.Parse(data);
        using var put = new HttpRequestMessage(HttpMethod.Put, $"/api/v1/documents/{id}")
        {
            Content = JsonContent.Create(new { type = "resume", title, data = parsed.RootElement }),
        };
        put.Headers.IfMatch.Add(current.Headers.ETag!);
        using var response = await http.SendAsync(put);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("version").GetInt64();
    }

    /// <summary>A client of the service over its real port, signed in when given a token.</summary>
    public HttpClient Client(string? accessToken)
    {
        var http = new HttpClient { BaseAddress = new Uri(Url) };
        if (accessToken is not null) http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        return http;
    }

    public async ValueTask DisposeAsync() => await StopAsync();

    private static string AdminEmailAt(int i) =>
        i < AdminAddresses ? $"admin-{i}@admin.resumepair.test" : throw new InvalidOperationException($"Only {AdminAddresses} admins per service.");

    // The port stays the same across stop/start, so it is picked once (Kestrel's port 0 would change it).
    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private sealed class CountReads(RealDocumentsService service) : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use((context, nextMiddleware) =>
            {
                if (HttpMethods.IsGet(context.Request.Method) && context.Request.Path.StartsWithSegments("/api/v1/documents"))
                    Interlocked.Increment(ref service._documentReads);
                return nextMiddleware(context);
            });
            next(app);
        };
    }
}
