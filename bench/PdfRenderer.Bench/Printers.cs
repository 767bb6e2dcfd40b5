using System.Diagnostics;
using System.Text.Json;

/// <summary>
/// A printer under test as a process of its own, kept running and driven over stdin with JSON lines (node/bench.js for
/// puppeteer-core, <see cref="Worker"/> for ours), so that runs interleave round by round and each is measured as a
/// process tree: the process itself ("host": .NET or node) and its Chromium.
/// </summary>
sealed class Printer : IAsyncDisposable
{
    private readonly Process _process;
    private readonly PeakMemory _memory;

    private Printer(string name, Process process)
    {
        Name = name;
        _process = process;
        _memory = PeakMemory.Start(process.Id);
    }

    public string Name { get; }
    public int Pid => _process.Id;
    public PeakMemory Memory => _memory;
    public List<double> One { get; } = [];
    public List<double> Three { get; } = [];
    public List<double> Loaded { get; } = [];
    public List<double> Rates { get; } = [];
    public List<Cpu.Split> CpuPerPdf { get; } = [];
    /// <summary>Chromium CPU by process type summed over every throughput run, and the renders it covers.</summary>
    public Dictionary<string, double> CpuByProcessType { get; private set; } = [];
    public int ThroughputPdfs { get; private set; }

    /// <summary>puppeteer-core (node/bench.js): one browser, a pool of reused pages.</summary>
    public static Task<Printer?> PuppeteerAsync(string chromium, int pool, string name = "puppeteer-core",
        string extraArgs = "")
    {
        var dir = Path.Combine(AppContext.BaseDirectory, "node");
        if (!Directory.Exists(Path.Combine(dir, "node_modules", "puppeteer-core")))
            return Task.FromResult<Printer?>(null);
        var psi = new ProcessStartInfo("node") { WorkingDirectory = dir };
        foreach (var a in new[] { "bench.js", chromium, pool.ToString(), extraArgs }) psi.ArgumentList.Add(a);
        return StartAsync(name, psi);
    }

    /// <summary>A renderer worker: this bench's own build (<paramref name="dll"/> null) or another build of it (the
    /// code before a change), with extra renderer settings and environment (GC modes).</summary>
    public static Task<Printer?> WorkerAsync(string name, string? dll, string dataDirectory, int pool,
        IEnumerable<string> settings, IEnumerable<(string Key, string Value)> environment)
    {
        var psi = new ProcessStartInfo("dotnet");
        psi.ArgumentList.Add(dll ?? Path.Combine(AppContext.BaseDirectory, "PdfRenderer.Bench.dll"));
        foreach (var a in new[] { "--worker", dataDirectory, pool.ToString() }.Concat(settings))
            psi.ArgumentList.Add(a);
        foreach (var (key, value) in environment) psi.Environment[key] = value;
        return StartAsync(name, psi);
    }

    /// <summary>Starts the printer as a child subreaper (<c>prctl(PR_SET_CHILD_SUBREAPER)</c> survives the exec): a
    /// Chromium process whose parent ends first (a retired browser's zygotes) is re-parented to the printer, not to
    /// init, and, as neither .NET nor node reaps a child it did not start, stays in the printer's tree as a zombie that
    /// holds its final CPU time and that of the children it reaped (the per-print compositors). Without it a recycled
    /// browser's last seconds of CPU left the measured tree (bench/README.md, 2026-12-07 session 11).</summary>
    private const string Subreaper =
        "import ctypes,os,sys\nif ctypes.CDLL(None).prctl(36,1,0,0,0)!=0: sys.exit('prctl failed')\n"
        + "os.execvp(sys.argv[1],sys.argv[1:])";

    private static async Task<Printer?> StartAsync(string name, ProcessStartInfo command)
    {
        var psi = new ProcessStartInfo("python3") { WorkingDirectory = command.WorkingDirectory };
        foreach (var a in new[] { "-c", Subreaper, command.FileName }.Concat(command.ArgumentList))
            psi.ArgumentList.Add(a);
        foreach (var (key, value) in command.Environment) psi.Environment[key] = value;
        psi.RedirectStandardInput = psi.RedirectStandardOutput = psi.RedirectStandardError = true;
        var process = Process.Start(psi)!;
        var errors = process.StandardError.ReadToEndAsync();
        var ready = await process.StandardOutput.ReadLineAsync();
        if (ready is null || !JsonDocument.Parse(ready).RootElement.TryGetProperty("ready", out _))
        {
            Console.WriteLine($"{name} did not start: {ready} {await errors}");
            return null;
        }
        return new Printer(name, process);
    }

    private async Task<JsonElement> Send(object command)
    {
        await _process.StandardInput.WriteLineAsync(JsonSerializer.Serialize(command));
        await _process.StandardInput.FlushAsync();
        var line = await _process.StandardOutput.ReadLineAsync()
            ?? throw new InvalidOperationException($"{Name} exited");
        return JsonDocument.Parse(line).RootElement;
    }

    private static List<double> Times(JsonElement reply) =>
        reply.GetProperty("times").EnumerateArray().Select(t => t.GetDouble()).ToList();

    public Task WarmAsync(string file) => Send(new { op = "warm", file });

    public async Task<List<double>> LatencyAsync(string file, int n) =>
        Times(
            await Send(
                new
                {
                    op = "latency",
                    file,
                    n,
                }
            )
        );

    public async Task<int> PagesAsync(string file) =>
        (await Send(new { op = "pages", file })).GetProperty("pages").GetInt32();
    public Task<JsonElement> SoakAsync(string file, int n) => Send(new { op = "soak", file, n });
    public Task<JsonElement> ProbeAsync(string file, int n) => Send(new { op = "probe", file, n });

    /// <summary>n renders at the pool's concurrency: PDFs/s and the CPU per PDF of the tree; render times under
    /// load.</summary>
    public async Task<double> ThroughputAsync(string file, int n)
    {
        var before = CpuReading.Of(Pid);
        var reply = await Send(new { op = "throughput", file, n });
        var types = CpuReading.Between(before, CpuReading.Of(Pid));
        CpuPerPdf.Add(Cpu.Of(types) / n);
        CpuByProcessType = CpuByType.Plus(CpuByProcessType, types);
        ThroughputPdfs += n;
        if (reply.TryGetProperty("times", out _)) Loaded.AddRange(Times(reply));
        var rate = n / reply.GetProperty("seconds").GetDouble();
        Rates.Add(rate);
        return rate;
    }

    /// <summary>n renders of <paramref name="file"/> at the pool's concurrency, measured apart from the phases above:
    /// PDFs/s, CPU per PDF of the tree, and Chromium's CPU per PDF by process type (exited processes
    /// included).</summary>
    public async Task<(double Rate, Cpu.Split Cpu, Dictionary<string, double> ByType)> MeasureAsync(string file, int n)
    {
        var before = CpuReading.Of(Pid);
        var reply = await Send(new { op = "throughput", file, n });
        var types = CpuReading.Between(before, CpuReading.Of(Pid));
        return (n / reply.GetProperty("seconds").GetDouble(), Cpu.Of(types) / n, types);
    }

    public async ValueTask DisposeAsync()
    {
        _memory.Dispose();
        try
        {
            await _process.StandardInput.WriteLineAsync("""{"op":"quit"}""");
            _process.StandardInput.Close();
        }
        catch (IOException) { }
        if (!_process.WaitForExit(30_000)) _process.Kill(true);
        _process.Dispose();
    }
}
