using System.Collections.Concurrent;
using System.Diagnostics;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace ResumePair.Testing.Topology;

/// <summary>
/// The whole product as the real AppHost (ResumePair.AppHost/Program.cs) declares it, started in-process with
/// Aspire.Hosting.Testing: DCP runs PostgreSQL, RabbitMQ, the migrations and every service, with a data folder of its
/// own. Every resource's console lines are kept, prefixed with the resource's name (<c>[documents] …</c>).
/// Share one per test collection: start and disposal take seconds.
/// </summary>
public sealed partial class RunningTopology : IAsyncDisposable
{
    private readonly DistributedApplication _app;
    private readonly ConcurrentQueue<string> _lines = new();
    private readonly CancellationTokenSource _stopping = new();
    private readonly bool _keepData;

    private RunningTopology(DistributedApplication app, string dataDirectory, bool keepData)
    {
        _app = app;
        DataDirectory = dataDirectory;
        _keepData = keepData;
    }

    public Uri GatewayUrl { get; private set; } = null!;

    /// <summary>The gateway's URL once per replica (one public endpoint: DCP's proxy spreads connections over them).</summary>
    public IReadOnlyList<Uri> GatewayUrls { get; private set; } = [];

    public TimeSpan StartupTime { get; private set; }

    /// <summary>The AppHost runs inside the test process.</summary>
    public int LauncherPid => Environment.ProcessId;

    public IReadOnlyCollection<string> Lines => _lines;

    public string DataDirectory { get; }

    public DistributedApplication App => _app;

    /// <param name="renderers">pdf-renderer replicas.</param>
    /// <param name="dataDirectory">Where PostgreSQL and RabbitMQ keep their data; a fresh folder (deleted afterwards) when null.</param>
    /// <param name="environment">Extra environment for every service (e.g. <c>Accounts__AdminEmails__0</c>).</param>
    /// <param name="appHostArgs">More AppHost configuration, e.g. <c>["--Replicas:documents=2"]</c>.</param>
    public static async Task<RunningTopology> StartAsync(int renderers = 1, string? dataDirectory = null, TimeSpan? timeout = null,
        IReadOnlyDictionary<string, string>? environment = null, IReadOnlyList<string>? appHostArgs = null)
    {
        var root = RepositoryPaths.Root ?? throw new DirectoryNotFoundException("ResumePair.sln not found above " + AppContext.BaseDirectory);
        var keepData = dataDirectory is not null;
        dataDirectory = Path.GetFullPath(dataDirectory ?? Path.Combine(root, ".data", "e2e-" + Guid.NewGuid().ToString("N")[..8]));
        string[] args =
        [
            $"--DataDirectory={dataDirectory}", "--Gateway:Port=0", $"--Replicas:pdf-renderer={renderers}",
            // A throwaway cluster: durability off, as every test cluster.
            $"--LocalServers:FastUnsafeStorage={!keepData}",
            .. appHostArgs ?? [],
        ];
        var started = Stopwatch.StartNew();
        // Generous: on a loaded 2-core machine eight `dotnet run` launches alone take minutes.
        using var deadline = new CancellationTokenSource(timeout ?? TimeSpan.FromMinutes(8));
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.ResumePair_AppHost>(args,
            (options, _) => options.DisableDashboard = true, deadline.Token);
        foreach (var project in builder.Resources.OfType<ProjectResource>())
            builder.CreateResourceBuilder(project).WithEnvironment(context =>
            {
                foreach (var (key, value) in environment ?? new Dictionary<string, string>()) context.EnvironmentVariables[key] = value;
            });
        var app = await builder.BuildAsync(deadline.Token);
        var topology = new RunningTopology(app, dataDirectory, keepData);
        topology.CollectLogs();
        try
        {
            await app.StartAsync(deadline.Token);
            await app.ResourceNotifications.WaitForResourceHealthyAsync("gateway", deadline.Token);
        }
        catch (Exception e)
        {
            var tail = topology.Tail(60);
            await topology.DisposeAsync();
            throw new TimeoutException($"The topology was not ready in time ({e.GetType().Name}: {e.Message}):\n{tail}", e);
        }
        topology.GatewayUrl = app.GetEndpoint("gateway", "http");
        topology.GatewayUrls = [topology.GatewayUrl];
        topology.StartupTime = started.Elapsed;
        return topology;
    }

    public string Tail(int count) => string.Join('\n', _lines.TakeLast(count));

    /// <summary>
    /// A service's own loopback URL (e.g. "documents"; DCP's proxy in front of its replicas, no forwarding headers), for
    /// what only a caller on the service's machine may do, such as reading the development mailbox: the gateway never
    /// routes it.
    /// </summary>
    public Uri ServiceUrl(string resource) => _app.GetEndpoint(resource, "http");

    /// <summary>Lines of the named resource ("pdf-renderer" matches every replica).</summary>
    public IEnumerable<string> LinesOf(string resource) =>
        _lines.Where(l => l.StartsWith($"[{resource}]", StringComparison.Ordinal) || l.StartsWith($"[{resource}-", StringComparison.Ordinal));

    /// <summary>Stops every replica of a service (e.g. "documents") and keeps it down until <see cref="StartServiceAsync"/>.</summary>
    public async Task StopServiceAsync(string resource, TimeSpan? timeout = null)
    {
        using var deadline = new CancellationTokenSource(timeout ?? TimeSpan.FromMinutes(2));
        // DCP refuses a stop while an instance is between states (e.g. a replica still starting): ask again.
        for (var attempt = 1; ; attempt++)
        {
            var result = await _app.ResourceCommands.ExecuteCommandAsync(
                Resource(resource), KnownResourceCommands.StopCommand, deadline.Token);
            if (result.Success) break;
            if (attempt == 10) throw new InvalidOperationException($"stop {resource}: {result.Message}");
            await Task.Delay(TimeSpan.FromSeconds(1), deadline.Token);
        }
        await _app.ResourceNotifications.WaitForResourceAsync(resource, KnownResourceStates.TerminalStates, deadline.Token);
    }

    /// <summary>Starts a service stopped by <see cref="StopServiceAsync"/> again (same public address) and waits until it is healthy.</summary>
    public async Task StartServiceAsync(string resource, TimeSpan? timeout = null)
    {
        using var deadline = new CancellationTokenSource(timeout ?? TimeSpan.FromMinutes(2));
        var result = await _app.ResourceCommands.ExecuteCommandAsync(Resource(resource), KnownResourceCommands.StartCommand, deadline.Token);
        if (!result.Success) throw new InvalidOperationException($"start {resource}: {result.Message}");
        await _app.ResourceNotifications.WaitForResourceHealthyAsync(resource, deadline.Token);
    }

    /// <summary>The resource by name: commands on it run for every replica.</summary>
    private IResource Resource(string name) =>
        _app.Services.GetRequiredService<DistributedApplicationModel>().Resources.Single(r => r.Name == name);

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        try
        {
            await _app.StopAsync();
        }
        finally
        {
            await _app.DisposeAsync();
            if (!_keepData)
            {
                try { Directory.Delete(DataDirectory, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
            }
        }
    }

    /// <summary>Follows every resource instance's console (replicas have ids of their own) into <see cref="Lines"/>.</summary>
    private void CollectLogs()
    {
        var notifications = _app.Services.GetRequiredService<ResourceNotificationService>();
        var logs = _app.Services.GetRequiredService<ResourceLoggerService>();
        var followed = new ConcurrentDictionary<string, byte>();
        _ = Task.Run(async () =>
        {
            try
            {
                await foreach (var change in notifications.WatchAsync(_stopping.Token))
                {
                    if (!followed.TryAdd(change.ResourceId, 0)) continue;
                    // DCP names instances "documents-abcdefgh": LinesOf("documents") finds them by that prefix.
                    _ = FollowAsync(logs, change.ResourceId, change.ResourceId);
                }
            }
            catch (OperationCanceledException) { }
        });
    }

    private async Task FollowAsync(ResourceLoggerService logs, string resourceId, string prefix)
    {
        try
        {
            await foreach (var batch in logs.WatchAsync(resourceId).WithCancellation(_stopping.Token))
                foreach (var line in batch)
                    _lines.Enqueue($"[{prefix}] {line.Content}");
        }
        catch (OperationCanceledException) { }
    }
}
