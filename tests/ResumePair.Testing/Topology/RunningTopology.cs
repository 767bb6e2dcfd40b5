using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

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
    private readonly ConcurrentDictionary<string, ResourceEvent> _instances = new();
    private readonly CancellationTokenSource _stopping = new();
    private readonly bool _keepData;

    private RunningTopology(DistributedApplication app, string dataDirectory, bool keepData)
    {
        _app = app;
        DataDirectory = dataDirectory;
        _keepData = keepData;
    }

    public Uri GatewayUrl { get; private set; } = null!;

    /// <summary>The gateway's URL once per replica (one public endpoint: DCP's proxy spreads connections over
    /// them).</summary>
    public IReadOnlyList<Uri> GatewayUrls { get; private set; } = [];

    public TimeSpan StartupTime { get; private set; }

    /// <summary>The AppHost runs inside the test process.</summary>
    public int LauncherPid => Environment.ProcessId;

    public IReadOnlyCollection<string> Lines => _lines;

    public string DataDirectory { get; }

    public DistributedApplication App => _app;

    /// <param name="renderers">pdf-renderer replicas.</param>
    /// <param name="dataDirectory">Where PostgreSQL and RabbitMQ keep their data; a fresh folder (deleted afterwards)
    /// when null.</param>
    /// <param name="environment">Extra environment for every service (e.g. <c>Accounts__AdminEmails__0</c>).</param>
    /// <param name="appHostArgs">More AppHost configuration, e.g. <c>["--Replicas:documents=2"]</c>.</param>
    public static async Task<RunningTopology> StartAsync(
        int renderers = 1,
        string? dataDirectory = null,
        TimeSpan? timeout = null,
        IReadOnlyDictionary<string, string>? environment = null,
        IReadOnlyList<string>? appHostArgs = null
    )
    {
        var root = RepositoryPaths.Root
            ?? throw new DirectoryNotFoundException("ResumePair.sln not found above " + AppContext.BaseDirectory);
        var keepData = dataDirectory is not null;
        dataDirectory = Path.GetFullPath(
            dataDirectory ?? Path.Combine(root, ".data", "e2e-" + Guid.NewGuid().ToString("N")[..8])
        );
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
            builder
                .CreateResourceBuilder(project)
                .WithEnvironment(context =>
                {
                    // Test suites and benchmarks register hundreds of users from one address (127.0.0.1); the product's
                    // per-address registration limit (10 per 10 min) is tested on its own. A caller's environment can
                    // set it.
                    context.EnvironmentVariables["RateLimits__Policies__auth-register-address__PermitLimit"] = "100000";
                    foreach (var (key, value) in environment ?? new Dictionary<string, string>())
                        context.EnvironmentVariables[key] = value;
                });
        var app = await builder.BuildAsync(deadline.Token);
        var topology = new RunningTopology(app, dataDirectory, keepData);
        topology.CollectLogs();
        try
        {
            await app.StartAsync(deadline.Token);
            await StartFailures.WaitAsync(app,
                token => app.ResourceNotifications.WaitForResourceHealthyAsync("gateway", token), deadline.Token);
        }
        catch (Exception e)
        {
            var tail = topology.Tail(60);
            await topology.DisposeAsync();
            throw new TimeoutException(
                $"The topology was not ready in time ({e.GetType().Name}: {e.Message}):\n{tail}",
                e
            );
        }
        topology.GatewayUrl = app.GetEndpoint("gateway", "http");
        topology.GatewayUrls = [topology.GatewayUrl];
        topology.StartupTime = started.Elapsed;
        return topology;
    }

    public string Tail(int count) => string.Join('\n', _lines.TakeLast(count));

    /// <summary>
    /// A service's own loopback URL (e.g. "documents"; DCP's proxy in front of its replicas, no forwarding headers),
    /// for what only a caller on the service's machine may do, such as reading the development mailbox: the gateway
    /// never routes it.
    /// </summary>
    public Uri ServiceUrl(string resource) => _app.GetEndpoint(resource, "http");

    /// <summary>Lines of the named resource ("pdf-renderer" matches every replica).</summary>
    public IEnumerable<string> LinesOf(string resource) =>
        _lines.Where(l =>
            l.StartsWith($"[{resource}]", StringComparison.Ordinal)
            || l.StartsWith($"[{resource}-", StringComparison.Ordinal)
        );

    /// <summary>
    /// Kills every instance of a service (e.g. "documents") the way a crash would: SIGKILL to each instance's process
    /// tree, then waits until DCP has seen every instance exit. It stays down until <see cref="StartServiceAsync"/>.
    /// Not DCP's stop command: that waits on the service's graceful shutdown and once left documents "Stopping"
    /// for over two minutes, and the tests after it found the service still down.
    /// </summary>
    public async Task KillServiceAsync(string resource, TimeSpan? timeout = null)
    {
        using var deadline = new CancellationTokenSource(timeout ?? TimeSpan.FromMinutes(1));
        foreach (var instance in Instances(resource)) KillInstance(instance);
        await WaitUntilDownAsync(resource, deadline.Token);
    }

    /// <summary>
    /// Starts a killed service again (same address) and waits until it is healthy. Safe to call in a <c>finally</c>
    /// whatever state the service is in: an instance still running or stuck between states is killed first, so the
    /// topology is whole again for the tests that share it.
    /// </summary>
    public async Task StartServiceAsync(string resource, TimeSpan? timeout = null)
    {
        using var deadline = new CancellationTokenSource(timeout ?? TimeSpan.FromMinutes(3));
        var ct = deadline.Token;
        foreach (var instance in Instances(resource).Where(i => !IsDown(i))) KillInstance(instance);
        await WaitUntilDownAsync(resource, ct);
        // DCP refuses a start while an instance is still between states: ask again.
        for (var attempt = 1; ; attempt++)
        {
            var result = await _app.ResourceCommands.ExecuteCommandAsync(
                Resource(resource), KnownResourceCommands.StartCommand, ct);
            if (result.Success) break;
            if (attempt == 10) throw new InvalidOperationException($"start {resource}: {result.Message}");
            await Task.Delay(TimeSpan.FromSeconds(1), ct);
        }
        while (!Instances(resource).All(i => i.Snapshot.State?.Text == KnownResourceStates.Running
                                             && i.Snapshot.HealthStatus == HealthStatus.Healthy))
            await Task.Delay(TimeSpan.FromMilliseconds(200), ct);
        // The snapshot may still carry the health of the killed instance: ask the service itself.
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        while (true)
        {
            try
            {
                using var health = await http.GetAsync(new Uri(ServiceUrl(resource), "/health"), ct);
                if (health.IsSuccessStatusCode) return;
            }
            catch (HttpRequestException) { }
            catch (TaskCanceledException) when (!ct.IsCancellationRequested) { }
            await Task.Delay(TimeSpan.FromMilliseconds(200), ct);
        }
    }

    /// <summary>The current state of each instance of a resource (replicas are instances of their own).</summary>
    private List<ResourceEvent> Instances(string resource)
    {
        var instances = _instances.Values.Where(e => e.Resource.Name == resource).ToList();
        return instances.Count > 0 ? instances : throw new ArgumentException($"No resource named {resource}");
    }

    private static bool IsDown(ResourceEvent instance) =>
        instance.Snapshot.State?.Text is { } state && KnownResourceStates.TerminalStates.Contains(state);

    private static void KillInstance(ResourceEvent instance)
    {
        // DCP's process: `dotnet run` around the service's own process, so the whole tree.
        var pid = instance.Snapshot.Properties.FirstOrDefault(p => p.Name == "executable.pid")?.Value;
        if (pid is null) return;
        try
        {
            using var process = Process.GetProcessById(Convert.ToInt32(pid, CultureInfo.InvariantCulture));
            process.Kill(entireProcessTree: true);
        }
        catch (ArgumentException)
        {
            // Already gone.
        }
    }

    private async Task WaitUntilDownAsync(string resource, CancellationToken ct)
    {
        while (!Instances(resource).All(IsDown))
            await Task.Delay(TimeSpan.FromMilliseconds(100), ct);
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
                try
                {
                    Directory.Delete(DataDirectory, recursive: true);
                }
                catch (IOException) { }
                catch (UnauthorizedAccessException) { }
            }
        }
    }

    /// <summary>
    /// Follows every resource instance's console (replicas have ids of their own) into <see cref="Lines"/>, and keeps
    /// each instance's latest state.
    /// </summary>
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
                    _instances[change.ResourceId] = change;
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
