namespace ResumePair.LocalInfrastructure;

/// <summary>
/// Where a server listens. The default is loopback only (the launcher's and the tests' servers). A multi-host setup
/// (tests/ResumePair.MultiHost.Tests) runs the server inside a Linux network namespace and listens on that
/// namespace's address, admitting clients of <see cref="ClientSubnet"/> (PostgreSQL trust auth, RabbitMQ's guest user).
/// </summary>
/// <param name="ListenAddress">IPv4 address the server binds (besides 127.0.0.1) and clients connect to.</param>
/// <param name="NetworkNamespace">Run the server's processes with <c>ip netns exec NAME</c> (needs root); null = this namespace.</param>
/// <param name="ClientSubnet">CIDR of the clients allowed in, e.g. <c>10.77.5.0/24</c>; null = loopback only.</param>
public sealed record ServerNetwork(string ListenAddress, string? NetworkNamespace = null, string? ClientSubnet = null)
{
    public static ServerNetwork Loopback { get; } = new("127.0.0.1");

    internal bool IsLoopback => ListenAddress == "127.0.0.1";

    /// <summary>The command line that runs <paramref name="file"/> in this network's namespace.</summary>
    internal (string File, IEnumerable<string> Arguments) Wrap(string file, IEnumerable<string> arguments) =>
        NetworkNamespace is null ? (file, arguments) : ("ip", ["netns", "exec", NetworkNamespace, file, .. arguments]);
}
