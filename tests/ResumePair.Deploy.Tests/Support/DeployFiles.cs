using System.Text.Json;

namespace ResumePair.Deploy.Tests.Support;

/// <summary>One instruction of a Dockerfile (continuation lines joined, comments dropped).</summary>
public sealed record DockerInstruction(string Keyword, string Arguments, int Line);

public sealed record DockerStage(string From, string? Name, IReadOnlyList<DockerInstruction> Instructions);

public sealed record Dockerfile(string File, IReadOnlyList<DockerStage> Stages)
{
    public DockerStage Final => Stages[^1];

    public static Dockerfile Parse(string path, string displayName)
    {
        var stages = new List<DockerStage>();
        List<DockerInstruction>? current = null;
        string? from = null, name = null;
        var lines = System.IO.File.ReadAllLines(path);
        for (var i = 0; i < lines.Length; i++)
        {
            var start = i;
            var line = lines[i].Trim();
            if (line.Length == 0 || line.StartsWith('#')) continue;
            while (line.EndsWith('\\') && i + 1 < lines.Length)
            {
                var next = lines[++i].Trim();
                line = line[..^1].TrimEnd() + (next.StartsWith('#') ? "" : " " + next);
            }
            var space = line.IndexOfAny([' ', '\t']);
            var keyword = (space < 0 ? line : line[..space]).ToUpperInvariant();
            var arguments = space < 0 ? "" : line[(space + 1)..].Trim();
            if (!Keywords.Contains(keyword))
                throw new InvalidDataException($"{displayName}:{start + 1}: unknown instruction '{keyword}'");
            if (keyword == "FROM")
            {
                if (current is not null) stages.Add(new DockerStage(from!, name, current));
                var parts = arguments.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                from = parts[0];
                name = parts.Length >= 3 && parts[1].Equals("AS", StringComparison.OrdinalIgnoreCase) ? parts[2] : null;
                current = [];
                continue;
            }
            if (current is null)
            {
                if (keyword != "ARG")
                    throw new InvalidDataException($"{displayName}:{start + 1}: {keyword} before the first FROM");
                continue;
            }
            current.Add(new DockerInstruction(keyword, arguments, start + 1));
        }
        if (current is null) throw new InvalidDataException($"{displayName}: no FROM");
        stages.Add(new DockerStage(from!, name, current));
        return new Dockerfile(displayName, stages);
    }

    /// <summary>The exec-form array of ENTRYPOINT / CMD (JSON), or null for the shell form.</summary>
    public static string[]? ExecForm(string arguments)
    {
        if (!arguments.StartsWith('[')) return null;
        return JsonSerializer.Deserialize<string[]>(arguments);
    }

    private static readonly HashSet<string> Keywords =
    [
        "FROM", "RUN", "CMD", "LABEL", "EXPOSE", "ENV", "ADD", "COPY", "ENTRYPOINT", "VOLUME", "USER", "WORKDIR", "ARG",
        "ONBUILD", "STOPSIGNAL", "HEALTHCHECK", "SHELL",
    ];
}

/// <summary>Everything under deploy/, loaded once.</summary>
public static class DeployFiles
{
    public static string Directory => Topology.PathOf("deploy");

    public static string Relative(string path) => Path.GetRelativePath(Topology.Root, path);

    public static IReadOnlyList<string> YamlFiles { get; } = System.IO.Directory
        .EnumerateFiles(Directory, "*.*", SearchOption.AllDirectories)
        .Where(f => f.EndsWith(".yaml", StringComparison.Ordinal) || f.EndsWith(".yml", StringComparison.Ordinal))
        .Order(StringComparer.Ordinal)
        .ToList();

    public static string K8sDirectory => Path.Combine(Directory, "k8s");

    /// <summary>Kubernetes objects: every document under deploy/k8s except kustomizations and strategic-merge patch
    /// files.</summary>
    public static IReadOnlyList<YamlDocument> Base { get; } = LoadKubernetes(Path.Combine(K8sDirectory, "base"));

    public static IReadOnlyList<YamlDocument> LoadKubernetes(string directory) => System.IO.Directory
        .EnumerateFiles(directory, "*.yaml", SearchOption.TopDirectoryOnly)
        .Where(f => Path.GetFileName(f) != "kustomization.yaml")
        .Order(StringComparer.Ordinal)
        .SelectMany(f => Yaml.Load(f, Relative(f)))
        .ToList();

    public static IEnumerable<YamlDocument> OfKind(this IEnumerable<YamlDocument> documents, string kind) =>
        documents.Where(d => d.Kind == kind);

    public static YamlDocument Named(this IEnumerable<YamlDocument> documents, string kind, string name) =>
        documents.SingleOrDefault(d => d.Kind == kind && d.Name == name)
        ?? throw new Xunit.Sdk.XunitException($"no {kind} named {name} in deploy/k8s/base");

    public static Map Compose { get; } =
        Yaml.Load(Path.Combine(Directory, "compose.yaml"), "deploy/compose.yaml").Single().Root;

    public static Dockerfile DockerfileOf(string service)
    {
        var path = Path.Combine(Directory, "docker", service + ".Dockerfile");
        if (!System.IO.File.Exists(path)) throw new Xunit.Sdk.XunitException($"{Relative(path)} is missing");
        return Dockerfile.Parse(path, Relative(path));
    }
}
