using System.Diagnostics;
using System.Runtime.InteropServices;
using ResumePair.AppHost.Model;
using ResumePair.AppHost.Processes;

namespace ResumePair.AppHost.Orchestration;

/// <summary>
/// Runs the application model: infrastructure, databases, migrations, then every project once the resources it
/// waits for are healthy; announces readiness; on Ctrl+C / SIGTERM stops projects in reverse dependency order and
/// then the servers it started.
/// </summary>
public sealed class Orchestrator(DistributedApplication app)
{
    public static readonly TimeSpan HealthTimeout = TimeSpan.FromSeconds(120);

    private readonly ConsoleLog _log = new();
    private readonly Dictionary<ProjectResource, IReadOnlyList<ReplicaSupervisor>> _replicas = [];
    private readonly Lock _gate = new();
    private int _signals;

    public async Task<int> RunAsync(CancellationToken ct)
    {
        using var stopping = CancellationTokenSource.CreateLinkedTokenSource(ct);
        void OnSignal(PosixSignalContext context)
        {
            context.Cancel = true; // we exit on our own, after an orderly stop
            if (Interlocked.Increment(ref _signals) == 1)
            {
                _log.Info($"{context.Signal} received: stopping (again to kill immediately)");
                stopping.Cancel();
            }
            else
            {
                _log.Error($"{context.Signal} received again: killing services");
                foreach (var replica in AllReplicas()) replica.Kill();
            }
        }
        Native.RestoreDefaultInterruptHandling();
        using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal);
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal);

        var options = app.Options;
        var dataDirectory = options.DataDirectory ?? Path.Combine(app.RepositoryRoot, ".data", "apphost");
        Directory.CreateDirectory(dataDirectory);
        var clock = Stopwatch.StartNew();
        _log.Info($"ResumePair AppHost: {app.Graph.Resources.Count} resources, {options.Configuration} build, " +
                  $"environment {options.Environment}, data in {dataDirectory}");

        var infrastructure = new InfrastructureHost(app.Graph, options, dataDirectory, _log);
        var exitCode = 0;
        try
        {
            var binaries = app.Graph.Projects.ToDictionary(p => p, p => ResolveBinary(p, options.Configuration));
            var plan = AllocatePorts();
            var infrastructureReady = infrastructure.Start(stopping.Token);
            var context = new LaunchContext(plan, infrastructure.ConnectionStrings, options, dataDirectory, Environment.ProcessId);
            await StartProjectsAsync(context, binaries, infrastructureReady, stopping.Token);

            _log.Info($"all {app.Graph.Resources.Count} resources up in {clock.Elapsed.TotalSeconds:0.0} s");
            _log.Plain(ResourceTable.Format(OrderedRows(infrastructure, plan)));
            _log.Plain($"ResumePair is ready: {EntryUrl(plan)}");
            if (EntryProject().Replicas > 1)
                _log.Plain($"Gateway replicas: {string.Join(' ', plan.Urls(EntryProject()))}");
            if (ControlChannel.Enabled) _ = ControlChannel.RunAsync(ReplicasOf, _log, stopping.Token);
            await Task.Delay(Timeout.Infinite, stopping.Token);
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            // Ctrl+C / SIGTERM (during start or while running): an orderly stop, exit 0.
        }
        catch (StartupFailedException e)
        {
            exitCode = 1;
            _log.Error($"start failed: {e.Message}");
            if (e.LastLines.Count > 0)
            {
                _log.Error($"last output of {e.Resource}:");
                foreach (var line in e.LastLines) _log.Error($"  | {line}");
            }
        }
        catch (Exception e)
        {
            exitCode = 1;
            _log.Error($"start failed: {e}");
        }

        var stopClock = Stopwatch.StartNew();
        await StopProjectsAsync();
        await infrastructure.DisposeAsync();
        _log.Info($"stopped in {stopClock.Elapsed.TotalSeconds:0.0} s; exit code {exitCode}");
        return exitCode;
    }

    private ProjectBinary ResolveBinary(ProjectResource project, string configuration)
    {
        var binary = ProjectBinary.Resolve(app.RepositoryRoot, project, configuration);
        if (!File.Exists(binary.DllPath))
            throw new StartupFailedException(project.Name,
                $"{binary.DllPath} not found: build first (dotnet build ResumePair.sln -c {configuration}), or pass --configuration", []);
        return binary;
    }

    private LaunchPlan AllocatePorts()
    {
        foreach (var project in app.Graph.Projects)
            for (var i = 0; i < project.Replicas; i++)
                if (project.HttpPort is > 0 and var port && !PortAllocator.IsFree(port + i))
                    throw new StartupFailedException(project.Name,
                        $"port {port + i} is already in use (is ResumePair already running?); choose another with --gateway-port, or 0 for any", []);
        using var ports = new PortAllocator();
        return LaunchPlan.Create(app.Graph, ports.Next);
    }

    private async Task StartProjectsAsync(LaunchContext context, IReadOnlyDictionary<ProjectResource, ProjectBinary> binaries,
        IReadOnlyDictionary<IResource, Task> infrastructureReady, CancellationToken ct)
    {
        var probe = new HealthProbe(HealthProbe.CreateClient());
        var ready = new Dictionary<IResource, Task>(infrastructureReady);
        // Start order is topological, so every dependency's task exists before its dependents ask for it.
        foreach (var project in app.Graph.Projects)
        {
            var dependencies = project.WaitsFor.Select(d => ready[d]).ToList();
            var databases = project.References.OfType<PostgresDatabaseResource>().Select(d => ready[d]).ToList();
            ready[project] = StartProjectAsync(project, dependencies, databases, binaries[project], context, probe, ct);
        }

        // Fail on the first failure instead of waiting out every other project's timeout.
        var pending = ready.Values.ToList();
        while (pending.Count > 0)
        {
            var done = await Task.WhenAny(pending);
            await done;
            pending.Remove(done);
        }
    }

    private async Task StartProjectAsync(ProjectResource project, IReadOnlyList<Task> dependencies, IReadOnlyList<Task> databases,
        ProjectBinary binary, LaunchContext context, HealthProbe probe, CancellationToken ct)
    {
        // Migrations need only the databases: they run while the rest (RabbitMQ, other services) is still coming up.
        if (binary.HasMigrations && databases.Count > 0)
        {
            await Task.WhenAll(databases);
            ct.ThrowIfCancellationRequested();
            await Migrator.RunAsync(project.Name, DotnetHost.Path, binary, EnvironmentBuilder.For(project, 0, context), _log, ct);
        }
        await Task.WhenAll(dependencies);
        ct.ThrowIfCancellationRequested();

        var replicas = Enumerable.Range(0, project.Replicas).Select(i =>
        {
            var name = project.InstanceName(i);
            var environment = EnvironmentBuilder.For(project, i, context);
            return new ReplicaSupervisor(name, context.Plan.Url(project, i),
                () => ChildProcess.Start(name, DotnetHost.Path, [binary.DllPath], environment, binary.ProjectDirectory, _log),
                probe, _log);
        }).ToList();
        lock (_gate) _replicas[project] = replicas;

        var clock = Stopwatch.StartNew();
        foreach (var replica in replicas)
        {
            _log.Info($"starting {replica.InstanceName} on {replica.Url}");
            replica.Start();
        }
        try
        {
            await Task.WhenAll(replicas.Select(r => r.FirstHealthy)).WaitAsync(HealthTimeout, ct);
        }
        catch (TimeoutException)
        {
            var stuck = replicas.First(r => !r.FirstHealthy.IsCompleted);
            throw new StartupFailedException(stuck.InstanceName,
                $"not healthy within {HealthTimeout.TotalSeconds:0} s (state {stuck.State}, {stuck.Restarts} restarts; GET {stuck.Url}/health never answered 200)",
                stuck.RecentLines);
        }
        _log.Info($"{project.Name} healthy after {clock.Elapsed.TotalSeconds:0.0} s");
    }

    /// <summary>Each project stops only after everything that waits for it has stopped (the reverse of the start order).</summary>
    private async Task StopProjectsAsync()
    {
        var stopped = new Dictionary<IResource, Task>();
        foreach (var resource in app.Graph.StopOrder)
        {
            var dependents = app.Graph.Dependents(resource).Select(d => stopped[d]).ToList();
            stopped[resource] = StopAfterAsync(resource, dependents);
        }
        await Task.WhenAll(stopped.Values);

        async Task StopAfterAsync(IResource resource, IReadOnlyList<Task> dependents)
        {
            await Task.WhenAll(dependents);
            if (resource is not ProjectResource project) return;
            IReadOnlyList<ReplicaSupervisor>? replicas;
            lock (_gate) _replicas.TryGetValue(project, out replicas);
            if (replicas is null) return;
            _log.Info($"stopping {resource.Name}");
            await Task.WhenAll(replicas.Select(r => r.StopAsync()));
        }
    }

    private IReadOnlyList<ReplicaSupervisor>? ReplicasOf(string project)
    {
        lock (_gate) return _replicas.FirstOrDefault(p => p.Key.Name == project).Value;
    }

    private IEnumerable<ReplicaSupervisor> AllReplicas()
    {
        lock (_gate) return _replicas.Values.SelectMany(r => r).ToList();
    }

    private ProjectResource EntryProject() => app.Graph.Projects.FirstOrDefault(p => p.IsExternal) ?? app.Graph.Projects.Last();

    private string EntryUrl(LaunchPlan plan) => plan.Url(EntryProject(), 0);

    private IEnumerable<ResourceRow> OrderedRows(InfrastructureHost infrastructure, LaunchPlan plan)
    {
        var projectRows = AllReplicas().Select(r => new ResourceRow(r.InstanceName, "Project", r.State.ToString(), r.Url));
        var order = app.Graph.Resources.Select((r, i) => (r.Name, i)).ToDictionary(x => x.Name, x => x.i);
        return infrastructure.Rows.Concat(projectRows)
            .OrderBy(row => order.TryGetValue(row.Name, out var i) ? i : order.GetValueOrDefault(BaseName(row.Name), int.MaxValue))
            .ThenBy(row => row.Name, StringComparer.Ordinal);

        string BaseName(string instance) => instance.LastIndexOf('-') is var dash and > 0 ? instance[..dash] : instance;
    }
}
