using System.Diagnostics;
using System.Globalization;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;

namespace ResumePair.Testing.Servers;

/// <summary>
/// One server resource of <see cref="LocalServers"/>: stopped and started through the resource's own commands (what
/// the dashboard's buttons do), crashed by SIGKILL to the process DCP started. It keeps its port throughout: while it
/// is down, connections are refused.
/// </summary>
public abstract class LocalServer(DistributedApplication app, IResource resource)
{
    private static readonly TimeSpan DefaultTimeout = TimeSpan.FromMinutes(2);

    protected DistributedApplication App { get; } = app;

    protected IResource Resource { get; } = resource;

    /// <summary>A graceful stop; returns once the process has exited.</summary>
    public async Task StopAsync(CancellationToken ct = default)
    {
        using var deadline = Deadline(ct);
        if (IsDown()) return;
        await BeginStopAsync(deadline.Token);
        await WaitUntilDownAsync(deadline.Token);
    }

    /// <summary>SIGKILL to the server's process tree, as a machine crash would; returns once DCP has seen it
    /// exit.</summary>
    public async Task KillAsync(CancellationToken ct = default)
    {
        using var deadline = Deadline(ct);
        if (Pid() is { } pid)
        {
            try
            {
                using var process = Process.GetProcessById(pid);
                process.Kill(entireProcessTree: true);
            }
            catch (ArgumentException)
            {
                // Already gone.
            }
        }
        await WaitUntilDownAsync(deadline.Token);
    }

    /// <summary>Starts a stopped or killed server again (same port, same data) and waits until it serves.</summary>
    public async Task StartAsync(CancellationToken ct = default)
    {
        using var deadline = Deadline(ct);
        await CommandAsync(KnownResourceCommands.StartCommand, deadline.Token);
        await WaitUntilServingAsync(deadline.Token);
    }

    /// <summary>Stops (if running) and starts again on the same port with the same data.</summary>
    public async Task RestartAsync(CancellationToken ct = default)
    {
        await StopAsync(ct);
        await StartAsync(ct);
    }

    /// <summary>Running, and a client of its own protocol gets through (the snapshot's health may be the last
    /// run's).</summary>
    internal async Task WaitUntilServingAsync(CancellationToken ct)
    {
        await App.ResourceNotifications.WaitForResourceAsync(Resource.Name, KnownResourceStates.Running, ct);
        while (!await ServesAsync(ct)) await Task.Delay(TimeSpan.FromMilliseconds(100), ct);
    }

    /// <summary>One attempt of a real client: true once the server takes clients.</summary>
    protected abstract Task<bool> ServesAsync(CancellationToken ct);

    /// <summary>Asks the server to stop (default: DCP's stop command, i.e. SIGTERM).</summary>
    protected virtual Task BeginStopAsync(CancellationToken ct) => CommandAsync(KnownResourceCommands.StopCommand, ct);

    /// <summary>The process DCP started for the resource (the server itself where its command execs in
    /// place).</summary>
    protected int? Pid() =>
        State().Snapshot.Properties.FirstOrDefault(p => p.Name == "executable.pid")?.Value is { } pid
            ? Convert.ToInt32(pid, CultureInfo.InvariantCulture)
            : null;

    private ResourceEvent State() =>
        App.ResourceNotifications.TryGetCurrentState(Resource.Name, out var state)
            ? state
            : throw new InvalidOperationException($"{Resource.Name}: no state yet");

    private bool IsDown() =>
        State().Snapshot.State?.Text is { } state && KnownResourceStates.TerminalStates.Contains(state);

    private async Task WaitUntilDownAsync(CancellationToken ct)
    {
        while (!IsDown()) await Task.Delay(TimeSpan.FromMilliseconds(50), ct);
    }

    private async Task CommandAsync(string command, CancellationToken ct)
    {
        // DCP refuses a command while the resource is between states: ask again.
        for (var attempt = 1; ; attempt++)
        {
            var result = await App.ResourceCommands.ExecuteCommandAsync(Resource, command, ct);
            if (result.Success) return;
            if (attempt == 20) throw new InvalidOperationException($"{command} {Resource.Name}: {result.Message}");
            await Task.Delay(TimeSpan.FromMilliseconds(500), ct);
        }
    }

    private static CancellationTokenSource Deadline(CancellationToken ct)
    {
        var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        deadline.CancelAfter(DefaultTimeout);
        return deadline;
    }
}
