using System.Diagnostics;

/// <summary>A replica child process: started with the soak's configuration, SIGKILLed and started again on
/// demand.</summary>
internal sealed class ReplicaProcess(string name, string logDirectory, IReadOnlyDictionary<string, string> environment)
    : IAsyncDisposable
{
    private Process? _process;
    public int Starts { get; private set; }

    public void Start()
    {
        var info = new ProcessStartInfo(
            Environment.ProcessPath!,
            [typeof(ReplicaProcess).Assembly.Location, "--replica"]
        )
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (Path.GetFileNameWithoutExtension(Environment.ProcessPath) != "dotnet")
            info = new ProcessStartInfo(Environment.ProcessPath!, ["--replica"])
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
        foreach (var (key, value) in environment) info.Environment[key] = value;
        info.Environment["OTEL_SERVICE_INSTANCE_ID"] = $"{name}#{Starts + 1}";
        var log = new StreamWriter(Path.Combine(logDirectory, $"{name}-{Starts + 1}.log")) { AutoFlush = true };
        _process = Process.Start(info)!;
        _process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (log) log.WriteLine(e.Data); };
        _process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (log) log.WriteLine(e.Data); };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        Starts++;
    }

    /// <summary>SIGKILL: no shutdown, no acknowledgements, no last commits.</summary>
    public async Task KillAsync()
    {
        if (_process is null || _process.HasExited) return;
        _process.Kill(entireProcessTree: false);
        await _process.WaitForExitAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        _process?.Dispose();
    }
}
