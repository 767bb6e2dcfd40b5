using ResumePair.AppHost.Processes;
using Xunit;

namespace ResumePair.AppHost.Tests;

/// <summary>Stop on request (ControlChannel's "stop name"): the process stays down, without the crash-restart loop, until resumed.</summary>
public sealed class ReplicaSupervisorPauseTests
{
    private static readonly HealthProbe NeverHealthy = new(HealthProbe.CreateClient());

    [Fact]
    public async Task A_paused_replica_stays_down_until_resumed_and_then_runs_again()
    {
        var launches = 0;
        var supervisor = new ReplicaSupervisor("sleeper", "http://127.0.0.1:9", () =>
        {
            Interlocked.Increment(ref launches);
            return ChildProcess.Start("sleeper", "sh", ["-c", "exec sleep 300"], new Dictionary<string, string>(), "/", new ConsoleLog());
        }, NeverHealthy, new ConsoleLog());

        supervisor.Start();
        await Task.Delay(500);
        await supervisor.PauseAsync();
        Assert.Equal(ReplicaState.Stopped, supervisor.State);
        await Task.Delay(2500); // a crash would have been restarted after 1 s
        Assert.Equal(1, launches);
        Assert.Equal(0, supervisor.Restarts);

        supervisor.Resume();
        // Generous: a loaded CI machine can take seconds to fork the process.
        for (var i = 0; i < 300 && Volatile.Read(ref launches) < 2; i++) await Task.Delay(100);
        Assert.Equal(2, launches);
        Assert.Equal(0, supervisor.Restarts); // a requested restart is not a crash

        await supervisor.PauseAsync();
        await supervisor.StopAsync(); // stopping while paused returns at once
        Assert.Equal(ReplicaState.Stopped, supervisor.State);
        Assert.Equal(2, launches);
    }
}
