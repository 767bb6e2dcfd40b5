using System.Collections.Concurrent;
using System.Diagnostics;
using System.Reflection;
using System.Runtime.InteropServices;
using System.Text.RegularExpressions;

namespace ResumePair.Testing.Topology;

/// <summary>
/// The whole product started the way a developer starts it: the AppHost launcher as a child process,
/// with its own PostgreSQL, RabbitMQ and data folder. Every line it prints is kept so tests can read
/// the services' logs (each line is prefixed with the process name by the launcher).
/// </summary>
public sealed partial class RunningTopology : IAsyncDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _lines = new();
    private readonly string _dataDirectory;
    private readonly bool _keepData;

    private RunningTopology(Process process, string dataDirectory, bool keepData)
    {
        _process = process;
        _dataDirectory = dataDirectory;
        _keepData = keepData;
    }

    public Uri GatewayUrl { get; private set; } = null!;

    /// <summary>Every gateway replica (the first is <see cref="GatewayUrl"/>), when started with <c>--replicas gateway=N</c>.</summary>
    public IReadOnlyList<Uri> GatewayUrls { get; private set; } = [];
    public TimeSpan StartupTime { get; private set; }
    public int LauncherPid => _process.Id;
    public IReadOnlyCollection<string> Lines => _lines;
    public string DataDirectory => _dataDirectory;

    /// <param name="dataDirectory">Where Postgres and RabbitMQ keep their data; a fresh folder (deleted afterwards) when null.</param>
    /// <param name="environment">Extra environment variables for the launcher, which every service inherits
    /// (configuration such as <c>Accounts__AdminEmails__0</c> or <c>Export__MaxAttempts</c>).</param>
    /// <param name="launcherArgs">More launcher flags, e.g. <c>["--replicas", "documents=2,gateway=2"]</c> or <c>["--postgres", conn]</c>.</param>
    public static async Task<RunningTopology> StartAsync(int renderers = 1, string? dataDirectory = null, TimeSpan? timeout = null,
        IReadOnlyDictionary<string, string>? environment = null, IReadOnlyList<string>? launcherArgs = null)
    {
        var root = RepositoryPaths.Root ?? throw new DirectoryNotFoundException("ResumePair.sln not found above " + AppContext.BaseDirectory);
        var configuration = typeof(RunningTopology).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Debug";
        var appHost = Path.Combine(root, "ResumePair.AppHost", "bin", configuration, "net10.0", "ResumePair.AppHost.dll");
        if (!File.Exists(appHost)) throw new FileNotFoundException("Build the solution first: the launcher is missing.", appHost);
        var keepData = dataDirectory is not null;
        dataDirectory = Path.GetFullPath(dataDirectory ?? Path.Combine(root, ".data", "e2e-" + Guid.NewGuid().ToString("N")[..8]));

        var psi = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = root,
        };
        // Test suites and benchmarks register hundreds of users from one address (127.0.0.1); the product's per-address
        // registration limit (AccountThrottle, 10 per 10 min) is tested on its own. A caller's environment can set it.
        psi.Environment["RateLimits__Policies__auth-register-address__PermitLimit"] = "100000";
        foreach (var (key, value) in environment ?? new Dictionary<string, string>()) psi.Environment[key] = value;
        psi.Environment["RESUMEPAIR_CONTROL_STDIN"] = "1"; // StopServiceAsync / StartServiceAsync (the launcher's ControlChannel)
        foreach (var arg in new[] { appHost, "--gateway-port", "0", "--data-dir", dataDirectory, "--renderers", renderers.ToString(), "--configuration", configuration })
            psi.ArgumentList.Add(arg);
        foreach (var arg in launcherArgs ?? []) psi.ArgumentList.Add(arg);

        var started = Stopwatch.StartNew();
        var process = Process.Start(psi) ?? throw new InvalidOperationException("Could not start the launcher.");
        var topology = new RunningTopology(process, dataDirectory, keepData);
        var ready = new TaskCompletionSource<Uri>(TaskCreationOptions.RunContinuationsAsynchronously);
        var replicated = launcherArgs?.Any(a => GatewayReplicas().Match(a) is { Success: true } m && int.Parse(m.Groups[1].Value) > 1) == true;
        Uri? first = null;
        void OnLine(string? line)
        {
            if (line is null) return;
            topology._lines.Enqueue(line);
            if (ReadyLine().Match(line) is { Success: true } match)
            {
                first = new Uri(match.Groups[1].Value);
                topology.GatewayUrls = [first];
                if (!replicated) ready.TrySetResult(first);
            }
            // The launcher prints every gateway replica on the line after the ready line.
            else if (first is not null && line.StartsWith("Gateway replicas: ", StringComparison.Ordinal))
            {
                topology.GatewayUrls = line["Gateway replicas: ".Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(u => new Uri(u)).ToList();
                ready.TrySetResult(first);
            }
        }
        process.OutputDataReceived += (_, e) => OnLine(e.Data);
        process.ErrorDataReceived += (_, e) => OnLine(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _ = process.WaitForExitAsync().ContinueWith(_ => ready.TrySetException(
            new InvalidOperationException($"The launcher exited ({process.ExitCode}) before it was ready:\n{topology.Tail(60)}")));

        try
        {
            topology.GatewayUrl = await ready.Task.WaitAsync(timeout ?? TimeSpan.FromMinutes(5));
        }
        catch (TimeoutException)
        {
            await topology.DisposeAsync();
            throw new TimeoutException($"The topology was not ready in time:\n{topology.Tail(60)}");
        }
        topology.StartupTime = started.Elapsed;
        return topology;
    }

    public string Tail(int count) => string.Join('\n', _lines.TakeLast(count));

    /// <summary>
    /// A project's own loopback URL from the launcher's resource table (e.g. "documents"), for what only a caller
    /// on the service's machine may do, such as reading the development mailbox: the gateway never routes it.
    /// </summary>
    public Uri ServiceUrl(string resource) =>
        _lines.Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Where(cells => cells is [_, "Project", _, _] && (cells[0] == resource || cells[0] == $"{resource}-1"))
            .Select(cells => new Uri(cells[3])).FirstOrDefault()
        ?? throw new InvalidOperationException($"The launcher printed no URL for {resource}:\n{Tail(40)}");

    /// <summary>Lines of the named process (by the launcher's prefix, e.g. "pdf-renderer" matches every replica).</summary>
    public IEnumerable<string> LinesOf(string resource) =>
        _lines.Where(l => l.StartsWith($"[{resource}]", StringComparison.Ordinal) || l.StartsWith($"[{resource}-", StringComparison.Ordinal));

    /// <summary>Command lines of every process on the machine that mentions this topology's data folder.</summary>
    public IReadOnlyList<string> CommandLinesUsingDataDirectory() => CommandLinesUsingDataDirectoryWithPids().Select(p => p.Command).ToList();

    /// <summary>The servers the launcher daemonized (Postgres, RabbitMQ) with every process they run.</summary>
    public IReadOnlyList<(int Pid, string Command)> CommandLinesUsingDataDirectoryWithPids()
    {
        var all = Directory.EnumerateDirectories("/proc")
            .Select(d => int.TryParse(Path.GetFileName(d), out var pid) ? pid : -1)
            .Where(pid => pid > 0)
            .Select(pid => (Pid: pid, Command: ReadProc(pid, "cmdline").Replace('\0', ' '), Parent: ParentOf(pid)))
            .ToList();
        var roots = all.Where(p => p.Command.Contains(_dataDirectory, StringComparison.Ordinal)).Select(p => p.Pid).ToHashSet();
        // Postgres' backends and Erlang's helpers don't repeat the folder on their command line: include their descendants.
        bool added;
        do
        {
            added = false;
            foreach (var p in all.Where(p => !roots.Contains(p.Pid) && roots.Contains(p.Parent))) added |= roots.Add(p.Pid);
        } while (added);
        return all.Where(p => roots.Contains(p.Pid)).Select(p => (p.Pid, p.Command)).ToList();
    }

    private static string ReadProc(int pid, string file)
    {
        try { return File.ReadAllText($"/proc/{pid}/{file}"); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return ""; }
    }

    private static int ParentOf(int pid)
    {
        var stat = ReadProc(pid, "stat");
        return stat.Length == 0 ? -1 : int.Parse(stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[1]);
    }

    /// <summary>Process ids of the launcher's descendants (the services; daemonized servers re-parent away).</summary>
    public IReadOnlyList<int> DescendantPids()
    {
        var children = new Dictionary<int, List<int>>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid)) continue;
            var ppid = ParentOf(pid);
            if (ppid > 0) (children.TryGetValue(ppid, out var list) ? list : children[ppid] = []).Add(pid);
        }
        var result = new List<int>();
        var queue = new Queue<int>([_process.Id]);
        while (queue.TryDequeue(out var pid))
            foreach (var child in children.GetValueOrDefault(pid, []))
            {
                result.Add(child);
                queue.Enqueue(child);
            }
        return result;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _ = kill(_process.Id, 15); // SIGTERM: the launcher stops everything it started, in order
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(90));
            try { await _process.WaitForExitAsync(cts.Token); }
            catch (OperationCanceledException) { _process.Kill(entireProcessTree: true); }
        }
        _process.Dispose();
        if (_keepData) return;
        try { Directory.Delete(_dataDirectory, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }

    [GeneratedRegex(@"(?:^|,)\s*gateway=(\d+)")]
    private static partial Regex GatewayReplicas();

    [GeneratedRegex(@"ResumePair is ready: (\S+)")]
    private static partial Regex ReadyLine();

    [DllImport("libc", SetLastError = true)]
    private static extern int kill(int pid, int signal);
}
