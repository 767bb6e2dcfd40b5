using ResumePair.AppHost.Model;
using ResumePair.AppHost.Orchestration;

namespace ResumePair.AppHost;

/// <summary>The built application model; <see cref="Run"/> launches it until Ctrl+C / SIGTERM.</summary>
public sealed class DistributedApplication(ResourceGraph graph, LauncherOptions options, string repositoryRoot)
{
    public ResourceGraph Graph { get; } = graph;

    public LauncherOptions Options { get; } = options;

    public string RepositoryRoot { get; } = repositoryRoot;

    /// <summary>Parses the command line (printing usage and exiting on --help or a bad flag).</summary>
    public static DistributedApplicationBuilder CreateBuilder(string[] args)
    {
        LauncherOptions options;
        try
        {
            options = LauncherOptions.Parse(args);
        }
        catch (ArgumentException e)
        {
            Console.Error.WriteLine(e.Message);
            Console.Error.WriteLine(LauncherOptions.Usage);
            System.Environment.Exit(2);
            throw; // unreachable
        }
        if (options.ShowHelp)
        {
            Console.WriteLine(LauncherOptions.Usage);
            System.Environment.Exit(0);
        }
        return CreateBuilder(options);
    }

    public static DistributedApplicationBuilder CreateBuilder(LauncherOptions options, string? repositoryRoot = null) =>
        new(options, repositoryRoot ?? Model.RepositoryRoot.Find());

    /// <summary>Runs until stopped; the process exit code is 0 after a requested stop, non-zero after a failure.</summary>
    public void Run() => System.Environment.ExitCode = RunAsync().GetAwaiter().GetResult();

    public Task<int> RunAsync(CancellationToken ct = default) => new Orchestrator(this).RunAsync(ct);
}
