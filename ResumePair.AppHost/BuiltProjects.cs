using System.Reflection;
using System.Runtime.InteropServices;
using System.Security;

namespace ResumePair.AppHost;

/// <summary>
/// The services as built with the AppHost (building it builds every project it references, in its configuration),
/// and what starts them without evaluating their projects again.
/// </summary>
internal static class BuiltProjects
{
    private const string TargetFramework = "net10.0";

    private static string Configuration => typeof(BuiltProjects).Assembly
        .GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Release";

    /// <summary>The project's built apphost, <c>bin/CONFIGURATION/net10.0/NAME</c>, which <c>dotnet run</c> starts.
    /// </summary>
    public static string Executable(IProjectMetadata project)
    {
        var directory = Path.GetDirectoryName(project.ProjectPath)!;
        var executable = Path.Combine(directory, "bin", Configuration, TargetFramework,
            Path.GetFileNameWithoutExtension(project.ProjectPath));
        return File.Exists(executable)
            ? executable
            : throw new InvalidOperationException(
                $"{executable} is missing: build the AppHost ({Configuration}) first.");
    }

    /// <summary>
    /// A project resource for <typeparamref name="TProject"/> whose <c>dotnet run</c> (how DCP starts every project
    /// resource, each replica) evaluates a small generated project instead of the service's own. With
    /// <c>--no-build</c>, <c>dotnet run</c> evaluates the project only to read what to start: the SDK's RunCommand,
    /// RunArguments and RunWorkingDirectory after its ComputeRunArguments target. Evaluating a service's project (the
    /// SDK, every package's props and targets) cost 1.5 CPU-seconds per instance, all of them at once on the start's
    /// critical path; the generated one 0.45 (bench/README.md). It names the same program (the built apphost), no
    /// arguments, the project's folder as working directory (DCP's for the service's own project), and the framework
    /// and runtime identifier <c>dotnet run</c> derives DOTNET_ROOT_X64 from: the same executable starts with the
    /// same environment. Replicas, references, endpoints, the dashboard's resource type and its Rebuild command (the
    /// generated project's Restore and Build build the service's own) stay; the dashboard's "project path" names the
    /// generated file, under the service's obj/. Run mode only: a publish sees the service's own project.
    /// </summary>
    public static IResourceBuilder<ProjectResource> AddBuiltProject<TProject>(
        this IDistributedApplicationBuilder builder, string name) where TProject : IProjectMetadata, new()
    {
        if (!builder.ExecutionContext.IsRunMode) return builder.AddProject<TProject>(name);
        WriteRunProject(new TProject());
        return builder.AddProject<RunProject<TProject>>(name);
    }

    private static string RunProjectPath(IProjectMetadata project) =>
        Path.Combine(Path.GetDirectoryName(project.ProjectPath)!, "obj", Configuration, "aspire-run",
            Path.GetFileNameWithoutExtension(project.ProjectPath) + ".run.proj");

    private static void WriteRunProject(IProjectMetadata project)
    {
        var path = RunProjectPath(project);
        var real = SecurityElement.Escape(project.ProjectPath);
        var rid = RuntimeInformation.RuntimeIdentifier;
        var workingDirectory = SecurityElement.Escape(Path.GetDirectoryName(project.ProjectPath));
        var content = $"""
            <!-- Written by ResumePair.AppHost (BuiltProjects.cs) on every start: what `dotnet run` reads from
                 {Path.GetFileName(project.ProjectPath)}, so that it starts the built program without evaluating it. -->
            <Project DefaultTargets="Build">
              <PropertyGroup>
                <TargetFramework>{TargetFramework}</TargetFramework>
                <TargetFrameworkVersion>v{Environment.Version.Major}.0</TargetFrameworkVersion>
                <DefaultAppHostRuntimeIdentifier>{rid}</DefaultAppHostRuntimeIdentifier>
                <RunCommand>{SecurityElement.Escape(Executable(project))}</RunCommand>
                <RunArguments></RunArguments>
                <RunWorkingDirectory>{workingDirectory}</RunWorkingDirectory>
              </PropertyGroup>
              <Target Name="ComputeRunArguments" />
              <!-- The dashboard's Rebuild command builds this file: build the service's own project. -->
              <Target Name="Restore">
                <MSBuild Projects="{real}" Targets="Restore" />
              </Target>
              <Target Name="Build">
                <MSBuild Projects="{real}" Targets="Build" />
              </Target>
            </Project>

            """;
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        // Test hosts may start side by side: write only when the text differs, through a rename.
        if (File.Exists(path) && File.ReadAllText(path) == content) return;
        var temporary = $"{path}.{Environment.ProcessId}.tmp";
        File.WriteAllText(temporary, content);
        File.Move(temporary, path, overwrite: true);
    }

    private sealed class RunProject<TProject> : IProjectMetadata where TProject : IProjectMetadata, new()
    {
        private readonly TProject _project = new();

        public string ProjectPath => RunProjectPath(_project);

        public LaunchSettings? LaunchSettings => _project.LaunchSettings;

        public bool SuppressBuild => true;
    }
}
