using System.Xml.Linq;
using ResumePair.AppHost.Model;

namespace ResumePair.AppHost.Orchestration;

/// <summary>Where a project's build output is: <c>&lt;dir&gt;/bin/&lt;Configuration&gt;/net10.0/&lt;AssemblyName&gt;.dll</c>.</summary>
public sealed record ProjectBinary(string ProjectDirectory, string DllPath, bool HasMigrations)
{
    public const string TargetFramework = "net10.0";

    public static ProjectBinary Resolve(string repositoryRoot, ProjectResource project, string configuration)
    {
        var directory = Path.GetFullPath(Path.Combine(repositoryRoot, project.ProjectDirectory));
        var csproj = Directory.Exists(directory) ? Directory.GetFiles(directory, "*.csproj").FirstOrDefault() : null;
        if (csproj is null) throw new InvalidOperationException($"{project.Name}: no .csproj in {directory}");
        var assemblyName = XDocument.Load(csproj).Descendants("AssemblyName").FirstOrDefault()?.Value.Trim();
        if (string.IsNullOrEmpty(assemblyName)) assemblyName = Path.GetFileNameWithoutExtension(csproj);
        var dll = Path.Combine(directory, "bin", configuration, TargetFramework, assemblyName + ".dll");
        // ServiceDefaults' MigrationRunner applies the embedded Migrations/*.sql; no files, nothing to run.
        var migrations = Directory.Exists(Path.Combine(directory, "Migrations"))
            && Directory.EnumerateFiles(Path.Combine(directory, "Migrations"), "*.sql").Any();
        return new ProjectBinary(directory, dll, migrations);
    }
}
