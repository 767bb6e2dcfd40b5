namespace Aspire.Hosting.ApplicationModel;

/// <summary>
/// PostgreSQL from Debian's package run by DCP as a plain process (no container): the postmaster itself, listening on
/// 127.0.0.1 at the port DCP gives it through <c>PGPORT</c>, with its cluster in <see cref="DataDirectory"/>.
/// Connection strings have the shape Aspire's <c>AddPostgres</c> gives, so services cannot tell the two apart.
/// </summary>
public sealed class LocalPostgresResource(string name, string command, string dataDirectory,
    LocalServerNetwork? network = null)
    : ExecutableResource(name, command, dataDirectory), IResourceWithConnectionString
{
    internal const string PrimaryEndpointName = "tcp";

    private readonly Dictionary<string, string> _databases = new(StringComparer.OrdinalIgnoreCase);

    public string DataDirectory { get; } = dataDirectory;

    /// <summary>fsync, synchronous commit and full-page writes off: for throwaway test clusters only.</summary>
    public bool FastUnsafe { get; internal set; }

    public EndpointReference PrimaryEndpoint => field ??= new(this, PrimaryEndpointName);

    /// <summary>Where it runs and listens when not on this host's 127.0.0.1.</summary>
    public LocalServerNetwork? Network { get; } = network;

    public ReferenceExpression ConnectionStringExpression => Network is { } network
        ? ReferenceExpression.Create(
            $"Host={network.ListenAddress};Port={PrimaryEndpoint.Property(EndpointProperty.Port)};Username=postgres")
        : ReferenceExpression.Create(
            $"Host={PrimaryEndpoint.Property(EndpointProperty.IPV4Host)};" +
            $"Port={PrimaryEndpoint.Property(EndpointProperty.Port)};Username=postgres");

    /// <summary>Resource name → database name, for every database added to this server.</summary>
    public IReadOnlyDictionary<string, string> Databases => _databases;

    internal List<LocalPostgresDatabaseResource> DatabaseResources { get; } = [];

    internal void AddDatabase(LocalPostgresDatabaseResource database)
    {
        _databases.Add(database.Name, database.DatabaseName);
        DatabaseResources.Add(database);
    }
}

/// <summary>A database of a <see cref="LocalPostgresResource"/>, created when the server is first ready.</summary>
public sealed class LocalPostgresDatabaseResource(string name, string databaseName, LocalPostgresResource parent)
    : Resource(name), IResourceWithParent<LocalPostgresResource>, IResourceWithConnectionString
{
    public LocalPostgresResource Parent { get; } = parent;

    public string DatabaseName { get; } = databaseName;

    public ReferenceExpression ConnectionStringExpression =>
        ReferenceExpression.Create($"{Parent};Database={DatabaseName}");
}
