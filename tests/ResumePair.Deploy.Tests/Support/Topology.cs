using System.Text.RegularExpressions;
using System.Xml.Linq;
using ResumePair.Testing;

namespace ResumePair.Deploy.Tests.Support;

/// <summary>A service as the AppHost declares it (ResumePair.AppHost/Program.cs), with what its code says about
/// it.</summary>
/// <param name="Name">The discovery name: the image is <c>resumepair/&lt;Name&gt;</c>, the Deployment and Service are
/// <c>&lt;Name&gt;</c>.</param>
/// <param name="EnvironmentReferences">What the AppHost puts in its environment: <c>ConnectionStrings__x</c> and
/// <c>services__y__http__0</c>.</param>
public sealed record ServiceProject(
    string Name,
    string ProjectDirectory,
    string AssemblyName,
    bool HasMigrations,
    IReadOnlySet<string> EnvironmentReferences
)
{
    public override string ToString() => Name;
}

/// <summary>The repository as the deploy files must see it: the AppHost's topology and the configuration keys the code
/// reads.</summary>
public static partial class Topology
{
    public static string Root { get; } =
        RepositoryPaths.Root ?? throw new DirectoryNotFoundException("ResumePair.sln not found");

    public static string PathOf(string relative) => Path.Combine(Root, relative);

    public static IReadOnlyList<ServiceProject> Services { get; } = ReadAppHost();

    public static ServiceProject Service(string name) => Services.Single(s => s.Name == name);

    /// <summary>
    /// Reads the AppHost's Program.cs: <c>var x = builder.AddProject("name", "dir")…WithReference(y)…;</c> statements,
    /// and the databases / broker the variables stand for, so the deploy files are checked against the launcher, not a
    /// copy.
    /// </summary>
    private static List<ServiceProject> ReadAppHost()
    {
        var source = File.ReadAllText(PathOf("ResumePair.AppHost/Program.cs"));
        var statements = source.Split(';');
        // variable -> ConnectionStrings name
        var connectionNames = new Dictionary<string, string>(StringComparer.Ordinal);
        var projectNames = new Dictionary<string, string>(StringComparer.Ordinal);      // variable -> discovery name
        foreach (var statement in statements)
        {
            if (Declaration().Match(statement) is { Success: true } d)
            {
                var variable = d.Groups[1].Value;
                if (AddDatabase().Match(statement) is { Success: true } db)
                    connectionNames[variable] = db.Groups[1].Value;
                else if (AddRabbit().Match(statement) is { Success: true } mq)
                    connectionNames[variable] = mq.Groups[1].Value;
                else if (AddProject().Match(statement) is { Success: true } p)
                    projectNames[variable] = p.Groups["name"].Value;
            }
        }
        // References added after a service's declaration (`documents.WithReference(pdfRenderer)`: services that refer
        // to each other), by the discovery name of the service they are added to.
        var laterReferences = new Dictionary<string, List<Match>>(StringComparer.Ordinal);
        foreach (var statement in statements)
            if (
                LaterReference().Match(statement) is { Success: true } later
                && projectNames.TryGetValue(later.Groups[1].Value, out var name)
            )
            {
                if (!laterReferences.TryGetValue(name, out var list)) laterReferences[name] = list = [];
                list.AddRange(WithReference().Matches(statement));
            }
        var services = new List<ServiceProject>();
        foreach (var statement in statements)
        {
            if (AddProject().Match(statement) is not { Success: true } project) continue;
            var references = new SortedSet<string>(StringComparer.Ordinal);
            foreach (Match reference in WithReference().Matches(statement)
                         .Concat(laterReferences.GetValueOrDefault(project.Groups["name"].Value) ?? []))
            {
                var variable = reference.Groups[1].Value;
                if (connectionNames.TryGetValue(variable, out var cs)) references.Add($"ConnectionStrings__{cs}");
                else if (projectNames.TryGetValue(variable, out var other))
                    references.Add($"services__{other}__http__0");
                else
                    throw new InvalidDataException(
                        $"AppHost: WithReference({variable}) refers to nothing this test understands"
                    );
            }
            var csproj = ProjectFile(project.Groups["type"].Value);
            var directory = Path.GetRelativePath(PathOf("."), Path.GetDirectoryName(csproj)!);
            var assembly = XDocument.Load(csproj).Descendants("AssemblyName").FirstOrDefault()?.Value.Trim();
            var migrations = PathOf(Path.Combine(directory, "Migrations"));
            services.Add(new ServiceProject(
                project.Groups["name"].Value,
                directory,
                string.IsNullOrEmpty(assembly) ? Path.GetFileNameWithoutExtension(csproj) : assembly,
                Directory.Exists(migrations) && Directory.EnumerateFiles(migrations, "*.sql").Any(),
                references));
        }
        if (services.Count == 0) throw new InvalidDataException("AppHost: no AddProject found");
        return services;
    }

    /// <summary>Every non-generated C# file of the services, the gateway, ServiceDefaults and the libraries.</summary>
    public static IEnumerable<string> ServiceSources() =>
        new[] { "services", "gateway/ResumePair.Gateway", "ResumePair.ServiceDefaults", "libraries" }
            .SelectMany(d => Directory.EnumerateFiles(PathOf(d), "*.cs", SearchOption.AllDirectories))
            .Where(f =>
                !f.Contains("/bin/", StringComparison.Ordinal) && !f.Contains("/obj/", StringComparison.Ordinal)
            );

    /// <summary><c>ConnectionStrings:x</c> names the code reads (AddNpgsqlDataSource("x"),
    /// GetConnectionString("x")).</summary>
    public static IReadOnlySet<string> ConnectionStringNames { get; } = ServiceSources()
        .SelectMany(f => ConnectionStringRead().Matches(File.ReadAllText(f)).Select(m => m.Groups[1].Value))
        .ToHashSet(StringComparer.Ordinal);

    /// <summary>Options sections (<c>const string Section = "X"</c>) and the properties of the class declaring
    /// each.</summary>
    public static IReadOnlyDictionary<string, IReadOnlySet<string>> OptionSections { get; } = ReadSections();

    private static Dictionary<string, IReadOnlySet<string>> ReadSections()
    {
        var sections = new Dictionary<string, IReadOnlySet<string>>(StringComparer.Ordinal);
        foreach (var file in ServiceSources())
        {
            var text = File.ReadAllText(file);
            if (SectionConstant().Match(text) is not { Success: true } section) continue;
            sections[section.Groups[1].Value] = Property()
                .Matches(text)
                .Select(m => m.Groups[1].Value)
                .ToHashSet(StringComparer.Ordinal);
        }
        return sections;
    }

    [GeneratedRegex(@"^\s*var\s+(\w+)\s*=", RegexOptions.Multiline)]
    private static partial Regex Declaration();

    [GeneratedRegex(@"\.AddDatabase\(\s*""([^""]+)""")]
    private static partial Regex AddDatabase();

    [GeneratedRegex(@"\.AddRabbitMQ\(\s*""([^""]+)""")]
    private static partial Regex AddRabbit();

    // builder.AddService<Projects.ResumePair_Documents>("documents", …): Aspire's typed project reference, whose
    // name is the project file's with dots as underscores.
    [GeneratedRegex(@"\.AddService<Projects\.(?<type>\w+)>\(\s*""(?<name>[^""]+)""")]
    private static partial Regex AddServiceMatch();

    private static Regex AddProject() => AddServiceMatch();

    private static string ProjectFile(string projectType) =>
        new[] { "services", "gateway" }
            .SelectMany(d => Directory.EnumerateFiles(PathOf(d), "*.csproj", SearchOption.AllDirectories))
            .Single(f => Path.GetFileNameWithoutExtension(f).Replace('.', '_') == projectType);

    [GeneratedRegex(@"^\s*(?://[^\n]*\n\s*)*(\w+)\s*\.WithReference\(")]
    private static partial Regex LaterReference();

    [GeneratedRegex(@"\.WithReference\(\s*(\w+)\s*\)")]
    private static partial Regex WithReference();

    [GeneratedRegex(@"(?:AddNpgsqlDataSource|GetConnectionString)\(\s*""([^""]+)""")]
    private static partial Regex ConnectionStringRead();

    [GeneratedRegex(@"const\s+string\s+Section\s*=\s*""([^""]+)""")]
    private static partial Regex SectionConstant();

    [GeneratedRegex(@"public\s+[\w<>?,\s\[\]]+?\s+(\w+)\s*\{\s*get;")]
    private static partial Regex Property();
}
