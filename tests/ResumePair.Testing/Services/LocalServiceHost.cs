using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using ResumePair.Migrations;

namespace ResumePair.Testing.Services;

/// <summary>
/// One real service's Program, in process through <see cref="WebApplicationFactory{TEntryPoint}"/> with Kestrel on a
/// fixed port of 127.0.0.1, in the Testing environment: what every <c>Real*Service</c> starts, stops and starts again.
/// </summary>
internal sealed class LocalServiceHost<TProgram>(Action<IWebHostBuilder> configure, string readyPath, int? port = null)
    where TProgram : class
{
    private readonly int _port = port ?? LocalPorts.Free();
    private WebApplicationFactory<TProgram>? _factory;

    /// <summary>The service's base address (no trailing slash).</summary>
    public string Url => $"http://127.0.0.1:{_port}";

    /// <summary>The running service's container (e.g. its bus, to publish as another service would).</summary>
    public IServiceProvider Services =>
        _factory?.Services ?? throw new InvalidOperationException("The service is not running.");

    /// <summary>Starts the service (again) on its port and waits until <c>readyPath</c> answers.</summary>
    public async Task StartAsync(CancellationToken ct)
    {
        if (_factory is not null) return;
        var factory = new WebApplicationFactory<TProgram>().WithWebHostBuilder(web =>
        {
            web.UseEnvironment("Testing");
            configure(web);
        });
        factory.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, _port));
        factory.StartServer();
        _factory = factory;
        await LocalPorts.WaitUntilAnsweringAsync(Url + readyPath, ct);
    }

    /// <summary>Stops the service: its port refuses connections until <see cref="StartAsync"/>.</summary>
    public async Task StopAsync()
    {
        if (_factory is null) return;
        await _factory.DisposeAsync();
        _factory = null;
    }

    /// <summary>A new database of the fixture's PostgreSQL with the service's migrations applied (as <c>--migrate</c>
    /// does).</summary>
    public static async Task<string> CreateDatabaseAsync(
        InfrastructureFixture infra,
        string prefix,
        CancellationToken ct
    )
    {
        var connectionString = await infra.CreateDatabaseAsync(prefix);
        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        await MigrationRunner.ApplyAsync(dataSource, typeof(TProgram).Assembly, NullLogger.Instance, ct);
        return connectionString;
    }
}
