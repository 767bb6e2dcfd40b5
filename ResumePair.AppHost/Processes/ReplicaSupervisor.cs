using System.Diagnostics;

namespace ResumePair.AppHost.Processes;

/// <summary>
/// Keeps one replica of a project running: starts it, polls /health until it answers, and restarts it with
/// <see cref="RestartBackoff"/> whenever it exits without being asked to. The port never changes across
/// restarts, so the URLs other services were given stay valid.
/// </summary>
public sealed class ReplicaSupervisor(string instanceName, string url, Func<ChildProcess> launch, HealthProbe probe, ConsoleLog log)
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(250);
    private static readonly TimeSpan StopGrace = TimeSpan.FromSeconds(15);

    private readonly CancellationTokenSource _stopping = new();
    private readonly TaskCompletionSource _firstHealthy = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Lock _gate = new();
    private ChildProcess? _current;
    private Task _loop = Task.CompletedTask;
    private TaskCompletionSource? _paused; // set while stopped on request (ControlChannel): no restart until resumed

    public string InstanceName { get; } = instanceName;

    public string Url { get; } = url;

    public ReplicaState State { get; private set; }

    public int Restarts { get; private set; }

    /// <summary>Completes the first time the replica answers /health with 200.</summary>
    public Task FirstHealthy => _firstHealthy.Task;

    /// <summary>The most recent output lines of the current (or last) process.</summary>
    public IReadOnlyList<string> RecentLines => _current?.RecentLines ?? [];

    public void Start() => _loop = Task.Run(SuperviseAsync);

    /// <summary>SIGTERM, up to 15 s grace, then SIGKILL; no restart afterwards.</summary>
    public async Task StopAsync()
    {
        ChildProcess? current;
        lock (_gate)
        {
            _stopping.Cancel();
            current = _current;
            State = ReplicaState.Stopping;
        }
        if (current is not null) await current.StopAsync(StopGrace);
        try { await _loop; } catch (OperationCanceledException) { }
        State = ReplicaState.Stopped;
    }

    /// <summary>Stops the process (SIGTERM, grace, SIGKILL) and keeps it stopped, without the crash-restart loop, until <see cref="Resume"/>.</summary>
    public async Task PauseAsync()
    {
        ChildProcess? current;
        lock (_gate)
        {
            if (_stopping.IsCancellationRequested || _paused is not null) return;
            _paused = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            current = _current;
        }
        if (current is not null) await current.StopAsync(StopGrace);
        State = ReplicaState.Stopped;
    }

    /// <summary>Starts a paused replica again on the same port (a no-op when it is not paused).</summary>
    public void Resume()
    {
        TaskCompletionSource? paused;
        lock (_gate)
        {
            paused = _paused;
            _paused = null;
        }
        paused?.TrySetResult();
    }

    /// <summary>Immediate SIGKILL, no restart (a second Ctrl+C).</summary>
    public void Kill()
    {
        lock (_gate)
        {
            _stopping.Cancel();
            _current?.Kill();
        }
    }

    private async Task SuperviseAsync()
    {
        var backoff = new RestartBackoff();
        var token = _stopping.Token;
        while (true)
        {
            ChildProcess child;
            lock (_gate)
            {
                if (token.IsCancellationRequested) return;
                _current?.Dispose();
                _current = child = launch();
                State = ReplicaState.Starting;
            }

            var healthyAt = await WaitUntilHealthyAsync(child, token);
            int exitCode;
            try { exitCode = await child.Exited.WaitAsync(token); }
            catch (OperationCanceledException) { return; }
            if (token.IsCancellationRequested) return;

            TaskCompletionSource? paused;
            lock (_gate) paused = _paused;
            if (paused is not null)
            {
                State = ReplicaState.Stopped;
                log.Info($"{InstanceName} stopped on request (exit code {exitCode}); it stays down until started again");
                try { await paused.Task.WaitAsync(token); }
                catch (OperationCanceledException) { return; }
                log.Info($"{InstanceName} starting again on request");
                continue;
            }

            var healthyFor = healthyAt is null ? TimeSpan.Zero : Stopwatch.GetElapsedTime(healthyAt.Value);
            var delay = backoff.Next(healthyFor);
            Restarts++;
            State = ReplicaState.Restarting;
            log.Error($"{InstanceName} exited unexpectedly with code {exitCode}; restart #{Restarts} in {delay.TotalSeconds:0} s");
            try { await Task.Delay(delay, token); }
            catch (OperationCanceledException) { return; }
        }
    }

    /// <returns>The timestamp when it became healthy, or null if it exited (or we are stopping) first.</returns>
    private async Task<long?> WaitUntilHealthyAsync(ChildProcess child, CancellationToken token)
    {
        while (!child.Exited.IsCompleted && !token.IsCancellationRequested)
        {
            if (await probe.IsHealthyAsync(Url, token).ConfigureAwait(false))
            {
                State = ReplicaState.Healthy;
                if (!_firstHealthy.Task.IsCompleted) _firstHealthy.TrySetResult();
                else log.Info($"{InstanceName} is healthy again");
                return Stopwatch.GetTimestamp();
            }
            try { await Task.WhenAny(child.Exited, Task.Delay(PollInterval, token)); }
            catch (OperationCanceledException) { }
        }
        return null;
    }
}
