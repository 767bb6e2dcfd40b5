namespace ResumePair.AppHost.Model;

/// <summary>The validated set of resources with their start order (dependencies first) and stop order (the reverse).</summary>
public sealed class ResourceGraph
{
    public ResourceGraph(IReadOnlyList<IResource> resources)
    {
        Resources = resources;
        Validate();
        StartOrder = Sort();
    }

    public IReadOnlyList<IResource> Resources { get; }

    public IReadOnlyList<IResource> StartOrder { get; }

    public IEnumerable<IResource> StopOrder => StartOrder.Reverse();

    public IEnumerable<ProjectResource> Projects => StartOrder.OfType<ProjectResource>();

    /// <summary>What must be up before <paramref name="resource"/> starts: a database needs its server; a project its WaitFor list.</summary>
    public static IEnumerable<IResource> StartDependencies(IResource resource) => resource switch
    {
        PostgresDatabaseResource db => [db.Server],
        ProjectResource p => p.WaitsFor,
        _ => [],
    };

    /// <summary>Resources that wait for <paramref name="resource"/>: they are stopped before it.</summary>
    public IEnumerable<IResource> Dependents(IResource resource) =>
        Resources.Where(r => StartDependencies(r).Contains(resource));

    private void Validate()
    {
        var duplicate = Resources.GroupBy(r => r.Name, StringComparer.OrdinalIgnoreCase).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null) throw new InvalidOperationException($"Two resources are named '{duplicate.Key}'");
        foreach (var project in Resources.OfType<ProjectResource>())
        {
            foreach (var other in project.References.Concat(project.WaitsFor))
                if (!Resources.Contains(other))
                    throw new InvalidOperationException($"{project.Name} refers to {other.Name}, which was not added to the application");
            // Replicas of a fixed-port project take consecutive ports (gateway 8080, 8081, …).
            if (project.HttpPort is > 0 and var port && port + project.Replicas - 1 > 65535)
                throw new InvalidOperationException($"{project.Name}: {project.Replicas} replicas from port {port} run past 65535");
        }
    }

    // Kahn's algorithm; among resources that are ready at the same time, declaration order wins (stable, readable logs).
    private List<IResource> Sort()
    {
        var remaining = Resources.ToList();
        var done = new HashSet<IResource>();
        var order = new List<IResource>();
        while (remaining.Count > 0)
        {
            var next = remaining.FirstOrDefault(r => StartDependencies(r).All(done.Contains))
                ?? throw new InvalidOperationException(
                    $"WaitFor cycle among: {string.Join(", ", remaining.Select(r => r.Name))}");
            remaining.Remove(next);
            done.Add(next);
            order.Add(next);
        }
        return order;
    }
}
