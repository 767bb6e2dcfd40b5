using System.Diagnostics;

namespace ResumePair.AppHost.Processes;

/// <summary>
/// One launched process whose stdout/stderr go to <see cref="ConsoleLog"/> line by line under its name, keeping
/// the last lines for "why did it fail" messages. Started through <c>setsid</c> so that a Ctrl+C in the terminal
/// reaches only the launcher, which then stops children in dependency order.
/// </summary>
public sealed class ChildProcess : IDisposable
{
    private const int KeptLines = 40;

    private readonly Process _process;
    private readonly string _name;
    private readonly ConsoleLog _log;
    private readonly Queue<string> _recent = new();
    private readonly TaskCompletionSource<int> _exited = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private ChildProcess(Process process, string name, ConsoleLog log)
    {
        _process = process;
        _name = name;
        _log = log;
    }

    public int Id { get; private set; }

    /// <summary>Completes with the exit code once the process has exited and its output is drained.</summary>
    public Task<int> Exited => _exited.Task;

    public IReadOnlyList<string> RecentLines
    {
        get { lock (_recent) return _recent.ToList(); }
    }

    public static ChildProcess Start(string name, string file, IEnumerable<string> arguments,
        IReadOnlyDictionary<string, string> environment, string workingDirectory, ConsoleLog log)
    {
        var psi = new ProcessStartInfo("setsid")
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            WorkingDirectory = workingDirectory,
        };
        // -w: should setsid ever need to fork (it does not when our child is not a group leader), it still
        // waits and passes the exit code through, so the pid we watch stays meaningful.
        psi.ArgumentList.Add("-w");
        psi.ArgumentList.Add(file);
        foreach (var a in arguments) psi.ArgumentList.Add(a);
        foreach (var (k, v) in environment) psi.Environment[k] = v;

        var process = new Process { StartInfo = psi, EnableRaisingEvents = true };
        var child = new ChildProcess(process, name, log);
        process.OutputDataReceived += (_, e) => child.OnLine(e.Data, isError: false);
        process.ErrorDataReceived += (_, e) => child.OnLine(e.Data, isError: true);
        process.Start();
        child.Id = process.Id;
        process.StandardInput.Close();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _ = child.WatchAsync();
        return child;
    }

    /// <summary>SIGTERM, then SIGKILL after <paramref name="grace"/>. Returns the exit code.</summary>
    public async Task<int> StopAsync(TimeSpan grace)
    {
        if (Exited.IsCompleted) return await Exited;
        Native.Terminate(Id);
        try
        {
            return await Exited.WaitAsync(grace);
        }
        catch (TimeoutException)
        {
            _log.Error($"{_name} did not stop within {grace.TotalSeconds:0} s of SIGTERM; killing it");
            Kill();
            return await Exited;
        }
    }

    public void Kill()
    {
        try { _process.Kill(entireProcessTree: true); }
        catch (InvalidOperationException) { } // already gone
    }

    public void Dispose() => _process.Dispose();

    private async Task WatchAsync()
    {
        await _process.WaitForExitAsync(); // also waits for the output to be drained
        _exited.TrySetResult(_process.ExitCode);
    }

    private void OnLine(string? line, bool isError)
    {
        if (line is null) return;
        lock (_recent)
        {
            _recent.Enqueue(line);
            while (_recent.Count > KeptLines) _recent.Dequeue();
        }
        _log.Write(_name, line, isError);
    }
}
