namespace ResumePair.AppHost.Model;

/// <summary>Collects resources the way Aspire's builder does; <see cref="Build"/> validates them into a runnable application.</summary>
public sealed class DistributedApplicationBuilder(LauncherOptions options, string repositoryRoot)
{
    private readonly List<IResource> _resources = [];

    public LauncherOptions Options { get; } = options;

    public string RepositoryRoot { get; } = repositoryRoot;

    public IReadOnlyList<IResource> Resources => _resources;

    public IResourceBuilder<T> AddResource<T>(T resource) where T : IResource
    {
        if (_resources.Any(r => string.Equals(r.Name, resource.Name, StringComparison.OrdinalIgnoreCase)))
            throw new InvalidOperationException($"A resource named '{resource.Name}' already exists");
        _resources.Add(resource);
        return new ResourceBuilder<T>(this, resource);
    }

    public DistributedApplication Build() => new(new ResourceGraph(_resources.ToList()), Options, RepositoryRoot);
}
