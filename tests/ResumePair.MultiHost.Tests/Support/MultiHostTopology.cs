using System.Diagnostics;
using System.Reflection;
using Aspire.Hosting.ApplicationModel;
using ResumePair.Testing;
using ResumePair.Testing.Servers;
using Xunit;

namespace ResumePair.MultiHost.Tests.Support;

/// <summary>
/// ResumePair on four "hosts" (network namespaces on one bridge, 10.77.S.0/24):
/// <list type="bullet">
/// <item><c>db</c> (.10): PostgreSQL and RabbitMQ (the AppHost's LocalServers resources, in the host's namespace and on
/// its address);</item>
/// <item><c>svc</c> (.20): documents, ai-proxy, export-orchestrator, gateway (migrations run from here first);</item>
/// <item><c>r1</c> (.31), <c>r2</c> (.32): one pdf-renderer each.</item>
/// </list>
/// The services are wired as the AppHost wires them (same references, Aspire's environment conventions); only the
/// address each replica listens on differs per host. Every host has its own data directory; exported PDFs live in the
/// orchestrator's PostgreSQL storage on <c>db</c>, which every host reaches over the network.
/// </summary>
public sealed class MultiHostTopology : IAsyncLifetime
{
    public const string Db = "db", Svc = "svc", R1 = "r1", R2 = "r2";

    private readonly List<HostProcess> _processes = [];
    private LocalServers? _servers;

    public VirtualNetwork Network { get; private set; } = null!;
    public string DataRoot { get; private set; } = null!;
    public Uri GatewayUrl { get; private set; } = null!;
    public string ExportsDb { get; private set; } = null!;
    public TimeSpan StartupTime { get; private set; }
    public IReadOnlyDictionary<string, string> Addresses { get; private set; } = new Dictionary<string, string>();
    public IReadOnlyList<HostProcess> Processes => _processes;

    /// <summary>Short timeouts so a lost renderer is noticed in seconds (defaults: heartbeat 5 s, timeout 2
    /// min).</summary>
    public static readonly TimeSpan HeartbeatTimeout = TimeSpan.FromSeconds(8);

    public string HostDirectory(string host) => Path.Combine(DataRoot, host);

    public HostProcess Renderer(string host) =>
        _processes.Single(p => p.Name == (host == R1 ? "pdf-renderer-0" : "pdf-renderer-1"));

    public async Task InitializeAsync()
    {
        // The project's machines (and CI) are root on Debian 12: a missing capability is a broken environment, not a
        // reason to pass.
        if (!MultiHostFactAttribute.Supported)
            throw new InvalidOperationException(
                "The multi-host test needs root and iproute2 with network namespaces (ip netns add); "
                    + "scripts/install.sh installs iproute2."
            );
        var clock = Stopwatch.StartNew();
        var root = RepositoryPaths.Root ?? throw new DirectoryNotFoundException("ResumePair.sln not found");
        Network = VirtualNetwork.Create();
        DataRoot = Path.Combine(root, ".data", $"multihost-{Network.Id}");
        try
        {
            Addresses = new Dictionary<string, string>
            {
                [Db] = Network.Address(10),
                [Svc] = Network.Address(20),
                [R1] = Network.Address(31),
                [R2] = Network.Address(32),
            };
            foreach (var (host, address) in Addresses)
            {
                Network.AddHost(host, address);
                Directory.CreateDirectory(HostDirectory(host));
            }
            await StartAsync(root);
            StartupTime = clock.Elapsed;
        }
        catch
        {
            await DisposeAsync();
            throw;
        }
    }

    private async Task StartAsync(string root)
    {
        // 1. The data host.
        var dbNetwork = new LocalServerNetwork(Addresses[Db], Network.Namespace(Db), Network.Cidr);
        _servers = await LocalServers.StartAsync(HostDirectory(Db), fastUnsafe: true, network: dbNetwork);
        var postgres = _servers.Postgres!;

        // 2. The services as the AppHost wires them (ResumePair.AppHost/Program.cs: same references, Aspire's
        //    environment conventions), with the short failure-detection settings of this test. DCP runs processes on
        //    one machine only, so this test places each replica in its host's namespace itself.
        var configuration = typeof(MultiHostTopology)
            .Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()
            ?.Configuration
            ?? "Debug";
        foreach (var db in new[] { "documentsdb", "exportsdb", "aidb" }) await postgres.CreateDatabaseAsync(db);
        ExportsDb = postgres.ConnectionString("exportsdb");
        var connectionStrings = new Dictionary<string, string>
        {
            ["documentsdb"] = postgres.ConnectionString("documentsdb"), ["exportsdb"] = ExportsDb,
            ["aidb"] = postgres.ConnectionString("aidb"), ["messaging"] = _servers.RabbitMq!.AmqpUri,
        };
        ServiceSpec[] services =
        [
            new("documents", "services/ResumePair.Documents", 1, ["documentsdb", "messaging"], [], []),
            new("ai-proxy", "services/ResumePair.AiProxy", 1, ["aidb", "messaging"], ["documents"], []),
            new(
                "export-orchestrator",
                "services/ResumePair.ExportOrchestrator",
                1,
                ["exportsdb", "messaging"],
                ["documents", "ai-proxy"],
                new()
                {
                    ["Export__HeartbeatTimeout"] = HeartbeatTimeout.ToString("c"),
                    ["Export__SchedulerInterval"] = "00:00:00.5",
                    ["Export__RetryBaseDelay"] = "00:00:00.2",
                    ["Export__RetryMaxDelay"] = "00:00:01",
                }
            ),
            // Two pages per renderer: it holds at most two renders (prefetch = pool size). Heartbeat every second;
            // a render may take long (the test freezes r1's Chromium so r1 is mid-render when its cable is pulled).
            new(
                "pdf-renderer",
                "services/ResumePair.PdfRenderer",
                2,
                ["messaging"],
                ["export-orchestrator", "documents"],
                new()
                {
                    ["Renderer__PoolSize"] = "2",
                    ["Renderer__HeartbeatInterval"] = "00:00:01",
                    ["Renderer__RenderTimeout"] = "00:03:00",
                }
            ),
            new(
                "gateway",
                "gateway/ResumePair.Gateway",
                1,
                [],
                ["documents", "ai-proxy", "export-orchestrator", "pdf-renderer"],
                []
            ),
        ];

        // 3. Placement: which host each replica runs on, hence the address it listens on and is called at.
        string HostOf(string service, int replica) => service == "pdf-renderer" ? (replica == 0 ? R1 : R2) : Svc;
        var urls = services.ToDictionary(
            s => s.Name,
            s =>
                Enumerable
                    .Range(0, s.Replicas)
                    .Select(i => $"http://{Addresses[HostOf(s.Name, i)]}:{FreePort()}")
                    .ToArray()
        );
        var internalKey = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));
        Dictionary<string, string> EnvironmentOf(ServiceSpec service, int replica)
        {
            var env = new Dictionary<string, string>(service.Settings)
            {
                ["ASPNETCORE_URLS"] = urls[service.Name][replica],
                ["ASPNETCORE_ENVIRONMENT"] = "Development",
                ["OTEL_SERVICE_NAME"] = service.Name,
                ["OTEL_SERVICE_INSTANCE_ID"] = $"{service.Name}-{replica}",
                ["ResumePair__DataDirectory"] = HostDirectory(HostOf(service.Name, replica)),
                ["Internal__Key"] = internalKey,
            };
            foreach (var name in service.ConnectionStrings) env[$"ConnectionStrings__{name}"] = connectionStrings[name];
            foreach (var other in service.Services)
                for (var i = 0; i < urls[other].Length; i++) env[$"services__{other}__http__{i}"] = urls[other][i];
            return env;
        }
        string DllOf(ServiceSpec service) =>
            Path.Combine(
                root,
                service.Directory,
                "bin",
                configuration,
                "net10.0",
                Path.GetFileName(service.Directory) + ".dll"
            );
        foreach (var missing in services.Select(DllOf).Where(dll => !File.Exists(dll)))
            throw new FileNotFoundException("Build the solution first", missing);

        // 4. Migrations (the init step), then the services in dependency order, each on its host.
        foreach (var service in services.Where(s => Directory.Exists(Path.Combine(root, s.Directory, "Migrations"))))
        {
            var migrate = Launch(
                $"{service.Name}-migrate",
                Svc,
                DllOf(service),
                Path.Combine(root, service.Directory),
                ["--migrate"],
                EnvironmentOf(service, 0)
            );
            await migrate.Exited.WaitAsync(TimeSpan.FromMinutes(2));
            Assert.True(
                migrate.ExitCode == 0,
                $"{service.Name} --migrate exited {migrate.ExitCode}:\n{migrate.Tail()}"
            );
        }
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        foreach (
            var wave in new[]
            {
                new[] { "documents" },
                ["ai-proxy", "export-orchestrator"],
                ["pdf-renderer"],
                ["gateway"],
            }
        )
        {
            var starting = new List<(HostProcess Process, string Url)>();
            foreach (var service in services.Where(s => wave.Contains(s.Name)))
                for (var i = 0; i < service.Replicas; i++)
                    starting.Add(
                        (
                            Launch(
                                service.Replicas == 1 ? service.Name : $"{service.Name}-{i}",
                                HostOf(service.Name, i),
                                DllOf(service),
                                Path.Combine(root, service.Directory),
                                [],
                                EnvironmentOf(service, i)
                            ),
                            urls[service.Name][i]
                        )
                    );
            await Task.WhenAll(starting.Select(s => WaitHealthyAsync(http, s.Process, s.Url)));
        }
        GatewayUrl = new Uri(urls["gateway"][0]);
    }

    private HostProcess Launch(string name, string host, string dll, string workingDirectory, string[] arguments,
        IReadOnlyDictionary<string, string> environment)
    {
        var process = HostProcess.Start(name, Network.Namespace(host), dll, arguments, environment, workingDirectory,
            Path.Combine(HostDirectory(host), "logs"));
        _processes.Add(process);
        return process;
    }

    private static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>A service as the AppHost declares it: its references (connection strings, services) and
    /// settings.</summary>
    private sealed record ServiceSpec(
        string Name,
        string Directory,
        int Replicas,
        string[] ConnectionStrings,
        string[] Services,
        Dictionary<string, string> Settings
    );

    private static async Task WaitHealthyAsync(HttpClient http, HostProcess process, string url)
    {
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            if (process.HasExited)
                throw new InvalidOperationException(
                    $"{process.Name} exited ({process.ExitCode}) before it was healthy:\n{process.Tail()}"
                );
            try
            {
                using var response = await http.GetAsync(url + "/health");
                if (response.IsSuccessStatusCode) return;
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException) { }
            if (deadline.Elapsed > TimeSpan.FromSeconds(180))
                throw new TimeoutException(
                    $"{process.Name} not healthy at {url}/health after 180 s:\n{process.Tail()}"
                );
            await Task.Delay(250);
        }
    }

    /// <summary>Sends a signal to every Chromium process of a host (the renderer's browser; found by
    /// executable).</summary>
    public int SignalChromium(string host, string signal)
    {
        var count = 0;
        foreach (var pid in Network.Pids(host))
        {
            string exe;
            try
            {
                exe = new FileInfo($"/proc/{pid}/exe").LinkTarget ?? "";
            }
            catch (IOException)
            {
                continue;
            }
            catch (UnauthorizedAccessException)
            {
                continue;
            }
            if (!exe.Contains("chromium", StringComparison.Ordinal)) continue;
            VirtualNetwork.Run("kill", signal, pid.ToString());
            count++;
        }
        return count;
    }

    public async Task DisposeAsync()
    {
        if (Network is null) return;
        // Plug every cable back and thaw every process first, so orderly stops can happen.
        foreach (var host in new[] { R1, R2 })
        {
            try { Network.SetLink(host, up: true); } catch (InvalidOperationException) { }
            try { SignalChromium(host, "-CONT"); } catch (Exception) { }
        }
        for (var i = _processes.Count - 1; i >= 0; i--)
            await _processes[i].DisposeAsync();
        _processes.Clear();
        if (_servers is not null)
        {
            await _servers.RabbitMq!.KillAsync();   // a throwaway broker: killing it is 30 ms, stopping 7 s
            await _servers.DisposeAsync();
        }
        Network.Dispose();
        try
        {
            Directory.Delete(DataRoot, recursive: true);
        }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }
}

/// <summary>A test that needs root and iproute2 (network namespaces); the fixture fails with that reason
/// elsewhere.</summary>
public sealed class MultiHostFactAttribute : FactAttribute
{
    public static bool Supported { get; } = OperatingSystem.IsLinux() && Environment.UserName == "root"
        && new[] { "/usr/sbin/ip", "/sbin/ip", "/usr/bin/ip" }.Any(File.Exists) && CanCreateNamespaces();

    /// <summary>Root inside a container without CAP_SYS_ADMIN cannot: probe once with a throwaway namespace.</summary>
    private static bool CanCreateNamespaces()
    {
        var probe = $"rp-probe-{Environment.ProcessId}";
        var created = VirtualNetwork.Run("ip", "netns", "add", probe).ExitCode == 0;
        if (created) VirtualNetwork.Run("ip", "netns", "del", probe);
        return created;
    }
}
