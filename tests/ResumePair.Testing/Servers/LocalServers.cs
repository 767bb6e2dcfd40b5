using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;

namespace ResumePair.Testing.Servers;

/// <summary>
/// PostgreSQL and/or RabbitMQ exactly as the AppHost runs them — the executable resources of
/// hosting/ResumePair.Hosting.LocalServers — in an Aspire app of their own, for per-service tests and benches that need
/// only the servers. DCP owns the processes: nothing outlives <see cref="DisposeAsync"/>, and a killed test run leaves
/// nothing either (DCP stops what it started when the test process dies).
/// </summary>
public sealed class LocalServers : IAsyncDisposable
{
    /// <summary>Generous: a boot takes seconds, minutes only on a badly overloaded machine.</summary>
    private static readonly TimeSpan BootTimeout = TimeSpan.FromMinutes(4);

    private readonly DistributedApplication _app;

    private LocalServers(DistributedApplication app, LocalPostgres? postgres, LocalRabbitMq? rabbitMq)
    {
        _app = app;
        Postgres = postgres;
        RabbitMq = rabbitMq;
    }

    /// <summary>The PostgreSQL server; null when not asked for.</summary>
    public LocalPostgres? Postgres { get; }

    /// <summary>The RabbitMQ broker; null when not asked for.</summary>
    public LocalRabbitMq? RabbitMq { get; }

    /// <param name="dataDirectory">Their data: <c>postgres/</c> and <c>messaging/</c> in it (kept; the caller deletes
    /// it if it wants).</param>
    /// <param name="fastUnsafe">fsync, synchronous commit and full-page writes off: for throwaway clusters.</param>
    /// <param name="network">Run them in another network namespace, on that "host's" address (multi-host
    /// tests).</param>
    public static async Task<LocalServers> StartAsync(string dataDirectory, bool postgres = true, bool rabbitMq = true,
        bool fastUnsafe = false, LocalServerNetwork? network = null, CancellationToken ct = default)
    {
        var builder = ServersOnlyBuilder.Create();
        var pg = postgres
            ? builder.AddLocalPostgres("postgres", Path.Combine(dataDirectory, "postgres"), network: network)
                .WithFastUnsafeStorage(fastUnsafe)
            : null;
        var mq = rabbitMq
            ? builder.AddLocalRabbitMQ("messaging", Path.Combine(dataDirectory, "messaging"), network: network)
            : null;
        var app = await builder.BuildAsync(ct);
        var servers = new LocalServers(app,
            pg is null ? null : new LocalPostgres(app, pg.Resource),
            mq is null ? null : new LocalRabbitMq(app, mq.Resource));
        try
        {
            await app.StartAsync(ct);
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
            deadline.CancelAfter(BootTimeout);
            // Both boot at once: RabbitMQ's ~6 s covers PostgreSQL's ~1 s.
            await StartFailures.WaitAsync(app, token => Task.WhenAll(
                new LocalServer?[] { servers.Postgres, servers.RabbitMq }.OfType<LocalServer>()
                    .Select(s => s.WaitUntilServingAsync(token))), deadline.Token);
        }
        catch (OperationCanceledException e) when (!ct.IsCancellationRequested)
        {
            await servers.DisposeAsync();
            throw new TimeoutException($"The servers did not serve within {BootTimeout.TotalMinutes} minutes", e);
        }
        catch
        {
            await servers.DisposeAsync();
            throw;
        }
        return servers;
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            // PostgreSQL first, in fast mode: DCP's SIGTERM would wait for every client to disconnect.
            if (Postgres is not null) await Postgres.StopAsync();
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            await _app.StopAsync(timeout.Token);
        }
        finally
        {
            await _app.DisposeAsync();
        }
    }
}
