using ResumePair.AppHost.Model;

namespace ResumePair.AppHost.Orchestration;

/// <summary>The HTTP port of every replica of every project, fixed before anything starts so that every
/// process can be told every URL it needs (and a restarted replica comes back at the same address).</summary>
public sealed class LaunchPlan
{
    private readonly Dictionary<ProjectResource, int[]> _ports;

    private LaunchPlan(Dictionary<ProjectResource, int[]> ports) => _ports = ports;

    /// <param name="freePort">Source of unused ports (the real allocator, or a counter in tests).</param>
    public static LaunchPlan Create(ResourceGraph graph, Func<int> freePort)
    {
        var ports = new Dictionary<ProjectResource, int[]>();
        foreach (var project in graph.Projects)
            ports[project] = Enumerable.Range(0, project.Replicas)
                .Select(i => project.HttpPort is > 0 and var fixedPort ? fixedPort + i : freePort())
                .ToArray();
        return new LaunchPlan(ports);
    }

    public int Port(ProjectResource project, int replica) => _ports[project][replica];

    public string Url(ProjectResource project, int replica) => $"http://127.0.0.1:{Port(project, replica)}";

    public IEnumerable<string> Urls(ProjectResource project) =>
        Enumerable.Range(0, project.Replicas).Select(i => Url(project, i));
}
