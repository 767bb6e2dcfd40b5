using ResumePair.Hosting.LocalServers.Internal;
using Xunit;

namespace ResumePair.AppHost.Tests;

/// <summary>
/// The ports of the local servers are chosen before anything binds them (a broker takes four), so one process must
/// never be handed the same port twice.
/// </summary>
public sealed class LocalPortsTests
{
    [Fact]
    public void A_port_is_handed_out_once_even_when_none_is_bound_in_between()
    {
        var ports = Enumerable.Range(0, 2_000).Select(_ => LocalPorts.Free()).ToList();

        Assert.Equal(ports.Count, ports.Distinct().Count());
        Assert.All(ports, port => Assert.InRange(port, 1024, 65535));
    }
}
