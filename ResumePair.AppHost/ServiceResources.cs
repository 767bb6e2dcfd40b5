using ResumePair.Hosting.LocalServers.Internal;

namespace ResumePair.AppHost;

internal static class ServiceResources
{
    /// <summary>
    /// A service: its HTTP endpoint, readiness from /health, replicas from configuration, and what every service of
    /// the run shares. Only replicas sit behind DCP's proxy, which spreads connections over them. A single instance
    /// listens on its port itself: while it is down, DCP's proxy would accept callers' connections and hold them
    /// until it returns (a save in the web app hung at "Saving…"), where a closed port refuses them at once and the
    /// gateway answers 502 in milliseconds, so clients retry and say so.
    /// </summary>
    /// <param name="publicPort">A fixed public port, not proxied: if it is taken the service fails loudly instead of
    /// DCP's proxy looking healthy while another program answers.</param>
    public static IResourceBuilder<ProjectResource> AddService<TProject>(this IDistributedApplicationBuilder builder,
        string name, ProductSettings settings, int? publicPort = null) where TProject : IProjectMetadata, new()
    {
        var replicas = settings.ReplicasOf(name);
        var service = builder.AddBuiltProject<TProject>(name);
        if (publicPort is not null) service = service.WithExternalHttpEndpoints();
        // A non-proxied endpoint must name its port; replicas cannot each bind one port, so they keep the proxy.
        var port = publicPort ?? LocalPorts.Free();
        service = replicas == 1
            ? service.WithHttpEndpoint(port: port, targetPort: port, isProxied: false)
            : service.WithHttpEndpoint(port: publicPort);
        return service
            .WithReplicas(replicas)
            .WithHttpHealthCheck("/health")
            .WithShared(settings);
    }

    /// <summary>
    /// The service's own <c>--migrate</c> as a resource that runs to completion; the caller adds the references, which
    /// must include every connection string the service's composition root insists on. It runs the service's built
    /// executable itself: nothing needs the project's metadata here, so not even <c>dotnet run</c> is started.
    /// </summary>
    public static IResourceBuilder<ExecutableResource> AddMigrations<TProject>(
        this IDistributedApplicationBuilder builder, string service, ProductSettings settings)
        where TProject : IProjectMetadata, new()
    {
        var project = new TProject();
        return builder.AddExecutable($"{service}-migrations", BuiltProjects.Executable(project),
                Path.GetDirectoryName(project.ProjectPath)!, "--migrate")
            .WithOtlpExporter().WithShared(settings);
    }

    private static IResourceBuilder<T> WithShared<T>(this IResourceBuilder<T> service, ProductSettings settings)
        where T : IResourceWithEnvironment =>
        service
            .WithEnvironment("Internal__Key", settings.InternalKey)
            .WithEnvironment("ResumePair__DataDirectory", settings.DataDirectory)
            // The AppHost's own environment (run.sh: Development, as before), not .NET's Production default.
            .WithEnvironment("ASPNETCORE_ENVIRONMENT", settings.EnvironmentName);
}
