namespace Aspire.Hosting.ApplicationModel;

/// <summary>
/// A local server placed on another "host": run in a Linux network namespace (<c>ip netns exec</c>, needs root) and
/// listening on that namespace's address, admitting clients of <paramref name="ClientSubnet"/> (PostgreSQL trust
/// authentication, RabbitMQ's guest user). For multi-host tests on one machine; the default is 127.0.0.1 here.
/// </summary>
/// <param name="ListenAddress">The namespace's IPv4 address: the server listens there, clients connect there.</param>
/// <param name="NetworkNamespace">The namespace's name (<c>ip netns add</c>).</param>
/// <param name="ClientSubnet">CIDR of the clients let in, e.g. <c>10.77.5.0/24</c>.</param>
public sealed record LocalServerNetwork(string ListenAddress, string NetworkNamespace, string ClientSubnet)
{
    private const string Ip = "/usr/bin/ip";

    /// <summary>The command DCP starts: <paramref name="command"/> itself, or <c>ip netns exec NS
    /// command</c>.</summary>
    internal static string Command(LocalServerNetwork? network, string command) => network is null ? command : Ip;

    /// <summary>Arguments that go before the command's own (ip netns exec execs in place: DCP keeps the server's
    /// pid).</summary>
    internal static IEnumerable<string> Prefix(LocalServerNetwork? network, string command) =>
        network is null ? [] : ["netns", "exec", network.NetworkNamespace, command];
}
