using ResumePair.AppHost.Processes;

namespace ResumePair.AppHost.Orchestration;

/// <summary>
/// A local control surface for tests and drills: when <c>RESUMEPAIR_CONTROL_STDIN=1</c>, the launcher reads commands
/// from its standard input, one per line: <c>stop &lt;resource&gt;</c> stops every replica of that project and keeps
/// it down (no crash-restart), <c>start &lt;resource&gt;</c> starts it again on the same ports. Each command is
/// answered with one log line: <c>control: &lt;resource&gt; stopped</c>, <c>control: &lt;resource&gt; started</c>
/// (healthy again) or <c>control: error …</c>. Nothing listens on the network.
/// </summary>
public static class ControlChannel
{
    public const string EnvironmentVariable = "RESUMEPAIR_CONTROL_STDIN";

    public static bool Enabled => Environment.GetEnvironmentVariable(EnvironmentVariable) == "1";

    public static Task RunAsync(Func<string, IReadOnlyList<ReplicaSupervisor>?> replicasOf, ConsoleLog log, CancellationToken ct) => Task.Run(async () =>
    {
        while (!ct.IsCancellationRequested)
        {
            string? line;
            try { line = await Console.In.ReadLineAsync(ct); }
            catch (OperationCanceledException) { return; }
            if (line is null) return; // stdin closed
            var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            if (parts.Length != 2 || parts[0] is not ("stop" or "start"))
            {
                if (parts.Length > 0) log.Error($"control: error unknown command '{line}' (stop|start <resource>)");
                continue;
            }
            var replicas = replicasOf(parts[1]);
            if (replicas is null)
            {
                log.Error($"control: error no project named '{parts[1]}'");
                continue;
            }
            try
            {
                if (parts[0] == "stop")
                {
                    await Task.WhenAll(replicas.Select(r => r.PauseAsync()));
                    log.Info($"control: {parts[1]} stopped");
                }
                else
                {
                    foreach (var r in replicas) r.Resume();
                    await WaitHealthyAsync(replicas, ct);
                    log.Info($"control: {parts[1]} started");
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                log.Error($"control: error {parts[0]} {parts[1]}: {e.Message}");
            }
        }
    }, ct);

    private static async Task WaitHealthyAsync(IReadOnlyList<ReplicaSupervisor> replicas, CancellationToken ct)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(Orchestrator.HealthTimeout);
        while (replicas.Any(r => r.State != ReplicaState.Healthy))
            await Task.Delay(200, timeout.Token);
    }
}
