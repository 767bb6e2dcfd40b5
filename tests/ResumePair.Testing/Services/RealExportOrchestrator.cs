extern alias exports;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Xunit;
using ExportsProgram = exports::Program;
using FileKeys = exports::ResumePair.ExportOrchestrator.Exports.FileKeys;

namespace ResumePair.Testing.Services;

/// <summary>
/// The real export orchestrator (its Program, migrations, export API, job engine, outbox and file storage) on 127.0.0.1
/// and a fixed free port, on its own database of the shared PostgreSQL, wired to a <see cref="RealDocumentsService"/>
/// as the AppHost wires it: <c>services:documents</c>, the documents JWKS and the same <c>Internal:Key</c>.
/// Referenced with the <c>exports</c> alias: every service declares a global <c>Program</c>.
/// </summary>
public sealed class RealExportOrchestrator : IAsyncDisposable
{
    private readonly string _connectionString;
    private readonly LocalServiceHost<ExportsProgram> _host;

    private RealExportOrchestrator(
        string connectionString,
        string amqpUri,
        RealDocumentsService documents,
        IReadOnlyDictionary<string, string> settings,
        int? port
    )
    {
        _connectionString = connectionString;
        _host = new(web =>
        {
            web.UseSetting("ConnectionStrings:exportsdb", connectionString);
            web.UseSetting("ConnectionStrings:messaging", amqpUri);
            documents.Wire(web);
            foreach (var (key, value) in settings) web.UseSetting(key, value);
            web.ConfigureServices(s => s.AddSingleton<IStartupFilter>(new ObserveUploads(this)));
        }, "/alive", port);
    }

    /// <summary>The service's base address (no trailing slash), for
    /// <c>services:export-orchestrator:http:0</c>.</summary>
    public string Url => _host.Url;

    /// <summary>Its own database (<c>exportsdb</c>): jobs, outbox, stored files.</summary>
    public string ConnectionString => _connectionString;

    /// <summary>The running service's container (its bus: a test playing a renderer publishes the render's result
    /// there).</summary>
    public IServiceProvider Services => _host.Services;

    /// <summary>
    /// The file uploads it received (<c>PUT /internal/files/{token}</c>, the renderers'), in arrival order, each with
    /// the status the orchestrator answered once it has (whether or not the caller heard it).
    /// </summary>
    public ConcurrentQueue<FileUpload> FileUploads { get; } = new();

    /// <param name="amqpUri">Its bus (e.g. a virtual host of its own from
    /// <see cref="InfrastructureFixture.CreateVirtualHostAsync"/>); the fixture's when null.</param>
    /// <param name="settings">Configuration on top of the wiring (<c>Export:*</c>, <c>RateLimits:*</c>).</param>
    /// <param name="port">Its port, when a service started before it must know its address
    /// (<see cref="LocalPorts.Free"/>).</param>
    public static async Task<RealExportOrchestrator> StartAsync(
        InfrastructureFixture infra,
        RealDocumentsService documents,
        string? amqpUri = null,
        IReadOnlyDictionary<string, string>? settings = null,
        CancellationToken ct = default,
        int? port = null
    )
    {
        var connectionString = await LocalServiceHost<ExportsProgram>.CreateDatabaseAsync(infra, "exports", ct);
        var service = new RealExportOrchestrator(connectionString, amqpUri ?? infra.RabbitMq.AmqpUri, documents,
            settings ?? new Dictionary<string, string>(), port);
        await service.StartAsync(ct);
        return service;
    }

    /// <summary>Starts the service (again) on its port and waits until it answers.</summary>
    public Task StartAsync(CancellationToken ct = default) => _host.StartAsync(ct);

    /// <summary>Stops the service: its port refuses connections until
    /// <see cref="StartAsync(CancellationToken)"/>.</summary>
    public Task StopAsync() => _host.StopAsync();

    /// <summary>Requests a PDF export of the user's document through <c>POST /api/v1/export/pdf</c> and returns the
    /// job's id.</summary>
    public async Task<Guid> RequestPdfExportAsync(TestUser user, Guid documentId, CancellationToken ct = default)
    {
        using var http = new HttpClient { BaseAddress = new Uri(Url) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", user.AccessToken);
        using var response = await http.PostAsJsonAsync(
            "/api/v1/export/pdf",
            new
            {
                documentId,
                templateId = "ats-single-column",
                pageSize = "A4",
            },
            ct
        );
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>(ct))
            .GetProperty("jobId")
            .GetGuid();
    }

    /// <summary>The file the orchestrator stored for a job's attempt (its <c>export_files</c> row), or null when there
    /// is none.</summary>
    public async Task<StoredFile?> StoredFileAsync(Guid jobId, int attempt, CancellationToken ct = default)
    {
        await using var dataSource = NpgsqlDataSource.Create(_connectionString);
        await using var query = dataSource.CreateCommand(
            "SELECT content, content_type FROM export_files WHERE key = $1"
        );
        query.Parameters.Add(new NpgsqlParameter { Value = FileKeys.For(jobId, attempt) });
        await using var row = await query.ExecuteReaderAsync(ct);
        return await row.ReadAsync(ct) ? new StoredFile((byte[])row[0], row.GetString(1)) : null;
    }

    public async ValueTask DisposeAsync() => await StopAsync();

    // Records only: every request goes on to the service's own pipeline unchanged.
    private sealed class ObserveUploads(RealExportOrchestrator service) : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
                app.Use(
                    async (context, nextMiddleware) =>
                    {
                        var request = context.Request;
                        if (
                            !HttpMethods.IsPut(request.Method)
                            || !request.Path.StartsWithSegments("/internal/files", out var rest)
                        )
                        {
                            await nextMiddleware(context);
                            return;
                        }
                        var upload = new FileUpload(
                            rest.Value!.TrimStart('/'),
                            request.ContentType,
                            request.Headers["Repr-Digest"].ToString()
                        );
                        service.FileUploads.Enqueue(upload);
                        await nextMiddleware(context);
                        upload.Status = context.Response.StatusCode;
                    }
                );
            next(app);
        };
    }
}

/// <summary>A <c>PUT /internal/files/{token}</c> as the orchestrator received it; <see cref="Status"/> once it has
/// answered.</summary>
public sealed class FileUpload(string token, string? contentType, string reprDigest)
{
    private int _status;

    /// <summary>The last path segment: the orchestrator's signed token (or whatever the caller put there).</summary>
    public string Token { get; } = token;
    public string? ContentType { get; } = contentType;
    /// <summary>The <c>Repr-Digest</c> header as sent; empty when there was none.</summary>
    public string ReprDigest { get; } = reprDigest;

    /// <summary>The status the orchestrator answered; null until it has.</summary>
    public int? Status
    {
        get => Volatile.Read(ref _status) is var s and not 0 ? s : null;
        internal set => Volatile.Write(ref _status, value ?? 0);
    }
}

/// <summary>A file in the orchestrator's storage.</summary>
public sealed record StoredFile(byte[] Content, string ContentType);
