using System.Collections.Concurrent;
using System.Diagnostics;

namespace ResumePair.MultiHost.Tests.Support;

/// <summary>
/// One service process on one host: <c>ip netns exec &lt;ns&gt; dotnet &lt;dll&gt;</c> with the environment the AppHost
/// would give it. Output goes to <c>&lt;host dir&gt;/logs/&lt;name&gt;.log</c> and the last lines are kept for
/// messages.
/// </summary>
public sealed class HostProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StreamWriter _log;
    private readonly ConcurrentQueue<string> _recent = new();

    private HostProcess(string name, Process process, StreamWriter log)
    {
        Name = name;
        _process = process;
        _log = log;
    }

    public string Name { get; }

    public int Pid => _process.Id;

    public bool HasExited => _process.HasExited;

    public Task Exited => _process.WaitForExitAsync();

    public int ExitCode => _process.ExitCode;

    public string Tail(int lines = 40) => string.Join('\n', _recent.TakeLast(lines));

    public static HostProcess Start(string name, string networkNamespace, string dll, IEnumerable<string> arguments,
        IReadOnlyDictionary<string, string> environment, string workingDirectory, string logDirectory)
    {
        Directory.CreateDirectory(logDirectory);
        var psi = new ProcessStartInfo("ip")
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            WorkingDirectory = workingDirectory,
        };
        // ip netns exec switches namespace and execs the command: the pid we hold is the service's own.
        foreach (var a in new[] { "netns", "exec", networkNamespace, "dotnet", dll }.Concat(arguments))
            psi.ArgumentList.Add(a);
        foreach (var (k, v) in environment) psi.Environment[k] = v;
        var log = new StreamWriter(Path.Combine(logDirectory, name + ".log"), append: true) { AutoFlush = true };
        var process = new Process { StartInfo = psi, EnableRaisingEvents = true };
        var host = new HostProcess(name, process, log);
        process.OutputDataReceived += (_, e) => host.OnLine(e.Data);
        process.ErrorDataReceived += (_, e) => host.OnLine(e.Data);
        process.Start();
        process.StandardInput.Close();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return host;
    }

    private void OnLine(string? line)
    {
        if (line is null) return;
        _recent.Enqueue(line);
        while (_recent.Count > 200) _recent.TryDequeue(out _);
        lock (_log)
        {
            try { _log.WriteLine(line); } catch (ObjectDisposedException) { }
        }
    }

    /// <summary>SIGTERM (the service stops in order), SIGKILL of the whole tree after
    /// <paramref name="grace"/>.</summary>
    public async Task StopAsync(TimeSpan grace)
    {
        if (!_process.HasExited)
        {
            VirtualNetwork.Run("kill", "-TERM", _process.Id.ToString());
            using var timeout = new CancellationTokenSource(grace);
            try { await _process.WaitForExitAsync(timeout.Token); }
            catch (OperationCanceledException)
            {
                try { _process.Kill(entireProcessTree: true); } catch (InvalidOperationException) { }
                await _process.WaitForExitAsync();
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync(TimeSpan.FromSeconds(10));
        _process.Dispose();
        lock (_log) _log.Dispose();
    }
}
