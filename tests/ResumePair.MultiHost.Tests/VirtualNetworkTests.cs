using ResumePair.MultiHost.Tests.Support;
using Xunit;

namespace ResumePair.MultiHost.Tests;

/// <summary>The network the multi-host test builds: hosts reach each other, a pulled cable isolates one, nothing is
/// left behind.</summary>
public sealed class VirtualNetworkTests
{
    [MultiHostFact]
    public void Hosts_reach_each_other_a_pulled_cable_isolates_one_and_dispose_leaves_nothing()
    {
        VirtualNetwork? network = null;
        try
        {
            network = VirtualNetwork.Create();
            network.AddHost("a", network.Address(10));
            network.AddHost("b", network.Address(20));
            Assert.Equal(0, Ping(network, "a", network.Address(20)));
            Assert.Equal(0, Ping(network, "b", network.OperatorAddress));
            network.SetLink("b", up: false);
            Assert.NotEqual(0, Ping(network, "a", network.Address(20)));
            network.SetLink("b", up: true);
            Assert.Equal(0, Ping(network, "a", network.Address(20)));
        }
        finally
        {
            network?.Dispose();
        }
        Assert.Empty(network!.Leftovers());
    }

    /// <summary>
    /// Whether <paramref name="to"/> answers from host <paramref name="from"/>: a TCP connect to a closed port is
    /// refused at once by a reachable host (exit 1, "Connection refused") and times out when the cable is pulled (no
    /// ping here).
    /// </summary>
    private static int Ping(VirtualNetwork network, string from, string to)
    {
        var (exitCode, output) = VirtualNetwork.Run(
            "ip",
            "netns",
            "exec",
            network.Namespace(from),
            "timeout",
            "2",
            "bash",
            "-c",
            $"exec 3<>/dev/tcp/{to}/9"
        );
        return exitCode == 0 || output.Contains("Connection refused", StringComparison.Ordinal) ? 0 : 1;
    }
}
