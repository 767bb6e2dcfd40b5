using System.Diagnostics;
using ResumePair.AppHost.Processes;
using Xunit;

namespace ResumePair.AppHost.Tests;

/// <summary>The supervision loop with real (tiny) processes instead of services.</summary>
public sealed class ReplicaSupervisorTests
{
    private static readonly HealthProbe NeverHealthy = new(HealthProbe.CreateClient());

    [Fact]
    public async Task A_crashing_process_is_restarted_with_backoff()
    {
        var launches = 0;
        var supervisor = new ReplicaSupervisor("crasher", "http://127.0.0.1:9", () =>
        {
            Interlocked.Increment(ref launches);
            return ChildProcess.Start("crasher", "sh", ["-c", "echo boom; exit 3"], new Dictionary<string, string>(), "/", new ConsoleLog());
        }, NeverHealthy, new ConsoleLog());

        supervisor.Start();
        await Task.Delay(TimeSpan.FromSeconds(4.5)); // exits at ~0 s, restarts at ~1 s and ~3 s
        await supervisor.StopAsync();

        Assert.InRange(launches, 2, 4);
        Assert.InRange(supervisor.Restarts, 2, 4);
        Assert.Equal(ReplicaState.Stopped, supervisor.State);
        Assert.Contains("boom", supervisor.RecentLines);
    }

    [Fact]
    public async Task Stop_terminates_the_process_with_sigterm_and_does_not_restart_it()
    {
        var launches = 0;
        ChildProcess? child = null;
        var supervisor = new ReplicaSupervisor("sleeper", "http://127.0.0.1:9", () =>
        {
            Interlocked.Increment(ref launches);
            // exec: the shell becomes sleep, which dies of SIGTERM at once.
            return child = ChildProcess.Start("sleeper", "sh", ["-c", "exec sleep 300"], new Dictionary<string, string>(), "/", new ConsoleLog());
        }, NeverHealthy, new ConsoleLog());

        supervisor.Start();
        await Task.Delay(500);
        var clock = Stopwatch.StartNew();
        await supervisor.StopAsync();

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"stop took {clock.Elapsed}");
        Assert.True(child!.Exited.IsCompleted);
        Assert.Equal(143, await child.Exited); // 128 + SIGTERM
        await Task.Delay(1500);
        Assert.Equal(1, launches);
    }
}
