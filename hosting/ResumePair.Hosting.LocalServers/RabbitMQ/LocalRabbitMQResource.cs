namespace Aspire.Hosting.ApplicationModel;

/// <summary>
/// RabbitMQ from Debian's package run by DCP as a plain process (no container). Everything the node would otherwise
/// read or write globally — Erlang cookie (HOME), node name, epmd and distribution ports, mnesia, config, plugins —
/// lives in or derives from <see cref="DataDirectory"/>, so brokers of several checkouts run side by side.
/// The connection string is the amqp:// URI Aspire's <c>AddRabbitMQ</c> gives.
/// </summary>
public sealed class LocalRabbitMQResource(
    string name, string command, string dataDirectory, int distributionPort, int epmdPort,
    LocalServerNetwork? network = null)
    : ExecutableResource(name, command, dataDirectory), IResourceWithConnectionString
{
    internal const string PrimaryEndpointName = "tcp";
    internal const string ManagementEndpointName = "management";

    public string DataDirectory { get; } = dataDirectory;

    public int DistributionPort { get; } = distributionPort;

    public int EpmdPort { get; } = epmdPort;

    public EndpointReference PrimaryEndpoint => field ??= new(this, PrimaryEndpointName);

    public EndpointReference ManagementEndpoint => field ??= new(this, ManagementEndpointName);

    /// <summary>Where it runs and listens when not on this host's 127.0.0.1.</summary>
    public LocalServerNetwork? Network { get; } = network;

    public ReferenceExpression ConnectionStringExpression => Network is { } network
        ? ReferenceExpression.Create(
            $"amqp://guest:guest@{network.ListenAddress}:{PrimaryEndpoint.Property(EndpointProperty.Port)}")
        : ReferenceExpression.Create(
            $"amqp://guest:guest@{PrimaryEndpoint.Property(EndpointProperty.IPV4Host)}:" +
            $"{PrimaryEndpoint.Property(EndpointProperty.Port)}");
}
