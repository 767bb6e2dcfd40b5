using System.Diagnostics;
using System.Reflection;
using System.Runtime.InteropServices;
using ResumePair.Testing;
using Xunit;

namespace ResumePair.AppHost.Tests;

/// <summary>The real launcher, as `dotnet run` starts it: everything up, the ready line, Ctrl+C, nothing left behind.</summary>
public sealed class LauncherSmokeTests : IDisposable
{
    private const string ReadyPrefix = "ResumePair is ready: ";
    private readonly string _directory = InfrastructureProcesses.NewDataDirectory("launch");

    public void Dispose() => InfrastructureProcesses.Delete(_directory);

    [Fact]
    public async Task Starts_every_replica_announces_the_gateway_and_stops_everything_on_sigint()
    {
        var root = RepositoryPaths.Root ?? throw new InvalidOperationException("not in a checkout");
        var configuration = typeof(LauncherSmokeTests).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()!.Configuration;
        var launcher = Path.Combine(root, "ResumePair.AppHost", "bin", configuration, "net10.0", "ResumePair.AppHost.dll");

        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in new[] { launcher, "--data-dir", _directory, "--gateway-port", "0", "--renderers", "2" }) psi.ArgumentList.Add(a);
        var output = new List<string>();
        var ready = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        using var process = new Process { StartInfo = psi };
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null) return;
            lock (output) output.Add(e.Data);
            if (e.Data.StartsWith(ReadyPrefix, StringComparison.Ordinal)) ready.TrySetResult(e.Data[ReadyPrefix.Length..]);
        };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (output) output.Add(e.Data); };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            var exited = process.WaitForExitAsync();
            var first = await Task.WhenAny(ready.Task, exited, Task.Delay(TimeSpan.FromMinutes(4)));
            Assert.True(first == ready.Task, "no ready line:\n" + Output(output));
            var gateway = await ready.Task;
            Assert.StartsWith("http://127.0.0.1:", gateway);

            using (var http = new HttpClient())
                Assert.Equal(200, (int)(await http.GetAsync($"{gateway}/health")).StatusCode);
            lock (output)
            {
                Assert.Single(output, l => l.StartsWith(ReadyPrefix, StringComparison.Ordinal));
                Assert.Contains(output, l => l.StartsWith("[pdf-renderer-1] ", StringComparison.Ordinal));
                Assert.Contains(output, l => l.StartsWith("[documents] ", StringComparison.Ordinal));
            }

            kill(process.Id, 2); // SIGINT, as Ctrl+C in a terminal
            await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(90));
            Assert.True(process.ExitCode == 0, $"exit code {process.ExitCode}:\n{Output(output)}");
            Assert.Empty(InfrastructureProcesses.Under(_directory));
            Assert.Empty(ChildrenOf(process.Id));
        }
        finally
        {
            if (!process.HasExited) process.Kill(entireProcessTree: true);
        }
    }

    [DllImport("libc", SetLastError = true)]
    private static extern int kill(int pid, int signal);

    /// <summary>Live processes the launcher started (they carry its pid for the parent watchdog).</summary>
    private static List<int> ChildrenOf(int launcherPid)
    {
        var found = new List<int>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid)) continue;
            try
            {
                if (!File.ReadAllText(Path.Combine(dir, "environ")).Split('\0').Contains($"RESUMEPAIR_PARENT_PID={launcherPid}")) continue;
                var stat = File.ReadAllText(Path.Combine(dir, "stat"));
                if (!stat[(stat.LastIndexOf(')') + 2)..].StartsWith('Z')) found.Add(pid);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException) { }
        }
        return found;
    }

    private static string Output(List<string> output)
    {
        lock (output) return string.Join('\n', output.TakeLast(80));
    }
}
