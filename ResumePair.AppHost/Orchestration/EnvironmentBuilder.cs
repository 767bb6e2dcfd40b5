using ResumePair.AppHost.Model;

namespace ResumePair.AppHost.Orchestration;

/// <summary>
/// The environment of one replica, in Aspire's conventions (docs/architecture.md): connection strings for
/// referenced databases and brokers, <c>services__name__http__i</c> for every replica of every referenced
/// project, OpenTelemetry identity, the URL to listen on, and the launcher's pid for the parent watchdog.
/// </summary>
public static class EnvironmentBuilder
{
    /// <summary>
    /// The secret that signs service-to-service calls (ServiceDefaults/Internal): random per launcher run, so it is
    /// never in a file or the repository, and the same for every replica and restart within the run.
    /// </summary>
    private static readonly string InternalKey = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));

    public static SortedDictionary<string, string> For(ProjectResource project, int replica, LaunchContext context)
    {
        var env = new SortedDictionary<string, string>(StringComparer.Ordinal)
        {
            ["ASPNETCORE_URLS"] = context.Plan.Url(project, replica),
            ["ASPNETCORE_ENVIRONMENT"] = context.Options.Environment,
            ["DOTNET_NOLOGO"] = "1",
            ["OTEL_SERVICE_NAME"] = project.Name,
            ["OTEL_SERVICE_INSTANCE_ID"] = $"{project.Name}-{replica}",
            ["RESUMEPAIR_PARENT_PID"] = context.LauncherPid.ToString(),
            ["ResumePair__DataDirectory"] = context.DataDirectory,
            ["Internal__Key"] = InternalKey,
        };
        if (!string.IsNullOrEmpty(context.Options.OtlpEndpoint))
            env["OTEL_EXPORTER_OTLP_ENDPOINT"] = context.Options.OtlpEndpoint;

        foreach (var reference in project.References)
        {
            switch (reference)
            {
                case ProjectResource other:
                    for (var i = 0; i < other.Replicas; i++)
                        env[$"services__{other.Name}__http__{i}"] = context.Plan.Url(other, i);
                    break;
                case IResourceWithConnectionString withConnection:
                    env[$"ConnectionStrings__{withConnection.Name}"] = context.ConnectionStrings.TryGetValue(withConnection, out var cs)
                        ? cs
                        : throw new InvalidOperationException($"No connection string for {withConnection.Name} (referenced by {project.Name})");
                    break;
            }
        }

        foreach (var (key, value) in project.Environment) env[key] = value;
        return env;
    }
}
