using ResumePair.AppHost.Model;

namespace ResumePair.AppHost.Orchestration;

/// <summary>The HTTP port of every replica of every project, fixed before anything starts so that every
/// process can be told every URL it needs (and a restarted replica comes back at the same address).</summary>
public sealed class LaunchPlan
{
    private readonly Dictionary<ProjectResource, int[]> _ports;
    private readonly Func<ProjectResource, int, string> _address;

    private LaunchPlan(Dictionary<ProjectResource, int[]> ports, Func<ProjectResource, int, string> address)
    {
        _ports = ports;
        _address = address;
    }

    /// <param name="freePort">Source of unused ports (the real allocator, or a counter in tests).</param>
    /// <param name="address">The IP address a replica listens on and is reached at; null = 127.0.0.1 for all (the launcher).
    /// A multi-host run (tests/ResumePair.MultiHost.Tests) places replicas on different hosts this way.</param>
    public static LaunchPlan Create(ResourceGraph graph, Func<int> freePort, Func<ProjectResource, int, string>? address = null)
    {
        var ports = new Dictionary<ProjectResource, int[]>();
        foreach (var project in graph.Projects)
            ports[project] = Enumerable.Range(0, project.Replicas)
                .Select(i => project.HttpPort is > 0 and var fixedPort ? fixedPort + i : freePort())
                .ToArray();
        return new LaunchPlan(ports, address ?? ((_, _) => "127.0.0.1"));
    }

    public int Port(ProjectResource project, int replica) => _ports[project][replica];

    public string Address(ProjectResource project, int replica) => _address(project, replica);

    public string Url(ProjectResource project, int replica) => $"http://{Address(project, replica)}:{Port(project, replica)}";

    public IEnumerable<string> Urls(ProjectResource project) =>
        Enumerable.Range(0, project.Replicas).Select(i => Url(project, i));
}
