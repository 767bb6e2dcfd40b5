extern alias documents;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
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
    private const string Password = "correct-horse-1";

    private readonly string _connectionString;
    private readonly string _internalKey;
    private readonly LocalServiceHost<DocumentsProgram> _host;
    private int _documentReads;
    private int _admins;

    private RealDocumentsService(
        string connectionString,
        string amqpUri,
        string internalKey,
        IReadOnlyDictionary<string, string> settings
    )
    {
        (_connectionString, _internalKey) = (connectionString, internalKey);
        _host = new(web =>
        {
            web.UseSetting("ConnectionStrings:documentsdb", connectionString);
            web.UseSetting("ConnectionStrings:messaging", amqpUri);
            web.UseSetting("Internal:Key", internalKey);
            // Tests register many users from 127.0.0.1: not what the per-address registration limit is for.
            web.UseSetting("RateLimits:Policies:auth-register-address:PermitLimit", "100000");
            for (var i = 0; i < AdminAddresses; i++) web.UseSetting($"Accounts:AdminEmails:{i}", AdminEmailAt(i));
            foreach (var (key, value) in settings) web.UseSetting(key, value);
            web.ConfigureServices(s => s.AddSingleton<IStartupFilter>(new ObserveRequests(this)));
        }, "/.well-known/openid-configuration");
    }

    /// <summary>The <c>Internal:Key</c> tests give every service when they do not choose one (as the AppHost shares
    /// one).</summary>
    public const string TestInternalKey = "resumepair-test-internal-key";

    /// <summary>The shared <c>Internal:Key</c> this service checks; give the service under test the same one.</summary>
    public string InternalKey => _internalKey;

    /// <summary>The service's base address (no trailing slash), for <c>services:documents:http:0</c>.</summary>
    public string Url => _host.Url;

    /// <summary>GET requests the service received for documents (…/api/v1/documents/…), counted as they
    /// arrive.</summary>
    public int DocumentReads => Volatile.Read(ref _documentReads);

    /// <summary>
    /// The document ids of the signed creates it received (<c>PUT /internal/v1/users/{user}/documents/{id}</c>, the
    /// import job's), in arrival order, whatever their answer (or whether the caller saw it).
    /// </summary>
    public ConcurrentQueue<Guid> InternalCreates { get; } = new();

    /// <summary>Runs as each request arrives, before the service handles it: tests look at the caller's state from
    /// here.</summary>
    public Func<HttpRequest, Task>? OnRequest { get; set; }

    /// <param name="internalKey">The shared <c>Internal:Key</c>; the service under test must be given the same
    /// one.</param>
    /// <param name="settings">Configuration on top of the wiring, e.g.
    /// <c>services:export-orchestrator:http:0</c>.</param>
    public static async Task<RealDocumentsService> StartAsync(
        InfrastructureFixture infra,
        string internalKey = TestInternalKey,
        IReadOnlyDictionary<string, string>? settings = null
    )
    {
        var connectionString = await LocalServiceHost<DocumentsProgram>.CreateDatabaseAsync(infra, "documents",
            CancellationToken.None);
        var service = new RealDocumentsService(
            connectionString,
            infra.RabbitMq.AmqpUri,
            internalKey,
            settings ?? new Dictionary<string, string>()
        );
        await service.StartAsync();
        return service;
    }

    /// <summary>Starts the service (again) on its port and waits until it answers.</summary>
    public Task StartAsync() => _host.StartAsync(CancellationToken.None);

    /// <summary>Stops the service: its port refuses connections until <see cref="StartAsync()"/>.</summary>
    public Task StopAsync() => _host.StopAsync();

    /// <summary>
    /// Wires a service that calls documents as the AppHost does: its discovery address, its JWKS for user tokens and
    /// the shared <c>Internal:Key</c> for signed internal calls.
    /// </summary>
    internal void Wire(IWebHostBuilder web)
    {
        web.UseSetting("services:documents:http:0", Url);
        web.UseSetting("Jwt:MetadataAddress", Url + "/.well-known/openid-configuration");
        web.UseSetting("Internal:Key", _internalKey);
    }

    /// <summary>Registers a fresh user through POST /api/v1/auth/register and returns it with its access
    /// token.</summary>
    public async Task<TestUser> RegisterAsync(bool admin = false)
    {
        // The role comes from the configured admin addresses, as in production; each can register only once.
        var email = admin
            ? AdminEmailAt(Interlocked.Increment(ref _admins) - 1)
            : $"user-{Guid.NewGuid():N}@example.test";
        using var http = Client(null);
        var response = await http.PostAsJsonAsync(
            "/api/v1/auth/register",
            new
            {
                email,
                password = Password,
                name = "Jane Doe",
            }
        );
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        var user = body.GetProperty("user");
        return new TestUser(
            user.GetProperty("id").GetGuid(),
            email,
            user.GetProperty("role").GetString()!,
            body.GetProperty("accessToken").GetString()!
        );
    }

    /// <summary>Signs the user in again (POST /api/v1/auth/login): a fresh access token with the account's current
    /// claims.</summary>
    public async Task<TestUser> SignInAsync(TestUser user)
    {
        using var http = Client(null);
        var response = await http.PostAsJsonAsync(
            "/api/v1/auth/login",
            new { email = user.Email, password = Password }
        );
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return user with
        {
            AccessToken = (await response.Content.ReadFromJsonAsync<JsonElement>())
                .GetProperty("accessToken")
                .GetString()!,
        };
    }

    /// <summary>
    /// Puts the account on a plan, in the service's database: there is no API for it (billing will own it), so this is
    /// the test's own setup. Tokens issued from now on (sign-in, refresh) carry it.
    /// </summary>
    public async Task SetPlanAsync(TestUser user, string plan)
    {
        await using var dataSource = NpgsqlDataSource.Create(_connectionString);
        await using var update = dataSource.CreateCommand("UPDATE users SET plan = $1 WHERE id = $2");
        update.Parameters.Add(new NpgsqlParameter { Value = plan });
        update.Parameters.Add(new NpgsqlParameter { Value = user.Id });
        Assert.Equal(1, await update.ExecuteNonQueryAsync());
    }

    public const string SampleResumeData = """{"profile":{"name":"Jane Doe","headline":"Engineer"},"work":[]}""";

    /// <summary>Creates a resume for the user through POST /api/v1/documents and returns its id.</summary>
    public async Task<Guid> CreateResumeAsync(
        TestUser user,
        string title = "Jane Doe — Resume",
        string data = SampleResumeData
    )
    {
        using var http = Client(user.AccessToken);
        using var parsed = JsonDocument.Parse(data);
        var response = await http.PostAsJsonAsync(
            "/api/v1/documents",
            new
            {
                type = "resume",
                title,
                data = parsed.RootElement,
            }
        );
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
        if (accessToken is not null) http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer",
            accessToken);
        return http;
    }

    public async ValueTask DisposeAsync() => await StopAsync();

    private static string AdminEmailAt(int i) =>
        i < AdminAddresses
            ? $"admin-{i}@admin.resumepair.test"
            : throw new InvalidOperationException($"Only {AdminAddresses} admins per service.");

    // Counts and hooks only: every request goes on to the service's own pipeline unchanged.
    private sealed class ObserveRequests(RealDocumentsService service) : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use(async (context, nextMiddleware) =>
            {
                var request = context.Request;
                var path = request.Path.Value ?? "";
                if (HttpMethods.IsGet(request.Method) && request.Path.StartsWithSegments("/api/v1/documents"))
                    Interlocked.Increment(ref service._documentReads);
                if (HttpMethods.IsPut(request.Method) && request.Path.StartsWithSegments("/internal/v1/users")
                    && Guid.TryParse(path[(path.LastIndexOf('/') + 1)..], out var documentId))
                    service.InternalCreates.Enqueue(documentId);
                if (service.OnRequest is { } onRequest) await onRequest(request);
                await nextMiddleware(context);
            });
            next(app);
        };
    }
}
