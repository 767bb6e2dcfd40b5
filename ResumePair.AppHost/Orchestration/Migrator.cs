using ResumePair.AppHost.Processes;

namespace ResumePair.AppHost.Orchestration;

/// <summary>Runs <c>dotnet &lt;service&gt;.dll --migrate</c> with the service's own environment; exit code 0 or the launch stops.</summary>
public static class Migrator
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(120);

    public static async Task RunAsync(string name, string dotnet, ProjectBinary binary, IReadOnlyDictionary<string, string> environment,
        ConsoleLog log, CancellationToken ct)
    {
        log.Info($"{name}: applying migrations");
        using var child = ChildProcess.Start($"{name} migrate", dotnet, [binary.DllPath, "--migrate"], environment, binary.ProjectDirectory, log);
        int exitCode;
        try
        {
            exitCode = await child.Exited.WaitAsync(Timeout, ct);
        }
        catch (Exception e) when (e is TimeoutException or OperationCanceledException)
        {
            await child.StopAsync(TimeSpan.FromSeconds(5));
            if (e is OperationCanceledException) throw;
            throw new StartupFailedException(name, $"migrations did not finish within {Timeout.TotalSeconds:0} s " +
                "(does Program.cs end with app.RunOrMigrateAsync(args)?)", child.RecentLines);
        }
        if (exitCode != 0)
            throw new StartupFailedException(name, $"migrations failed with exit code {exitCode}", child.RecentLines);
    }
}
