namespace ResumePair.AppHost;

/// <summary>
/// PostgreSQL databases and the RabbitMQ broker, provided the way configuration asks (<c>Servers</c>): local processes
/// from Debian's packages (default), Aspire's containers, or existing servers. Resource and connection-string names are
/// the same in every mode, so the services never know which one runs.
/// </summary>
internal sealed class Servers(IDistributedApplicationBuilder builder, ProductSettings settings)
{
    private IResourceBuilder<LocalPostgresResource>? _localPostgres;
    private IResourceBuilder<PostgresServerResource>? _containerPostgres;

    public IResourceBuilder<IResourceWithConnectionString> AddDatabase(string name) => settings.Servers switch
    {
        "local" => (_localPostgres ??= builder
            .AddLocalPostgres("postgres", Path.Combine(settings.DataDirectory, "postgres"))
            .WithFastUnsafeStorage(settings.FastUnsafeStorage)).AddDatabase(name),
        // Where a container runtime exists: Aspire's own integration, data in a named volume.
        "containers" => (_containerPostgres ??= builder.AddPostgres("postgres").WithDataVolume()).AddDatabase(name),
        // A server someone else runs: ConnectionStrings:<name> (Npgsql) from configuration; the database must exist.
        "existing" => builder.AddConnectionString(name),
        _ => throw UnknownMode(),
    };

    public IResourceBuilder<IResourceWithConnectionString> AddRabbitMQ(string name) => settings.Servers switch
    {
        "local" => builder.AddLocalRabbitMQ(name, Path.Combine(settings.DataDirectory, name)),
        "containers" => builder.AddRabbitMQ(name).WithManagementPlugin().WithDataVolume(),
        // ConnectionStrings:<name>: an amqp:// URI.
        "existing" => builder.AddConnectionString(name),
        _ => throw UnknownMode(),
    };

    private InvalidOperationException UnknownMode() =>
        new($"Servers={settings.Servers}: expected local, containers or existing");
}
