namespace ResumePair.AppHost.Model;

/// <summary>Something the launcher runs or provides, named as the services know it (the discovery name).</summary>
public interface IResource
{
    string Name { get; }
}

/// <summary>A resource other resources reach through <c>ConnectionStrings__&lt;name&gt;</c>.</summary>
public interface IResourceWithConnectionString : IResource;

/// <summary>One PostgreSQL server; its databases are separate resources.</summary>
public sealed class PostgresServerResource(string name) : IResourceWithConnectionString
{
    public string Name { get; } = name;

    public List<PostgresDatabaseResource> Databases { get; } = [];

    public override string ToString() => Name;
}

public sealed class PostgresDatabaseResource(string name, string databaseName, PostgresServerResource server) : IResourceWithConnectionString
{
    public string Name { get; } = name;

    public string DatabaseName { get; } = databaseName;

    public PostgresServerResource Server { get; } = server;

    public override string ToString() => Name;
}

public sealed class RabbitMQServerResource(string name) : IResourceWithConnectionString
{
    public string Name { get; } = name;

    public override string ToString() => Name;
}

/// <summary>A .NET project launched as <c>dotnet bin/&lt;Configuration&gt;/net10.0/&lt;Assembly&gt;.dll</c>, N replicas.</summary>
public sealed class ProjectResource(string name, string projectDirectory) : IResource
{
    public string Name { get; } = name;

    /// <summary>Relative to the repository root, e.g. <c>services/ResumePair.Documents</c>.</summary>
    public string ProjectDirectory { get; } = projectDirectory;

    /// <summary>Databases, brokers and projects this one is configured to talk to (order kept for stable env output).</summary>
    public List<IResource> References { get; } = [];

    /// <summary>Resources that must be healthy before this one starts.</summary>
    public List<IResource> WaitsFor { get; } = [];

    public int Replicas { get; set; } = 1;

    /// <summary>Fixed port of the (single) replica; null = a free port chosen at launch; 0 = also free.</summary>
    public int? HttpPort { get; set; }

    /// <summary>The public entry point: its URL is the one announced as ready.</summary>
    public bool IsExternal { get; set; }

    public Dictionary<string, string> Environment { get; } = new(StringComparer.Ordinal);

    /// <summary>Per replica, the name in logs and in OTEL_SERVICE_INSTANCE_ID.</summary>
    public string InstanceName(int replica) => Replicas > 1 ? $"{Name}-{replica}" : Name;

    public override string ToString() => Name;
}
