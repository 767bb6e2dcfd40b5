using ResumePair.Testing.Topology;
using Xunit;

namespace ResumePair.EndToEndTests.Topology;

/// <summary>One running topology shared by every end-to-end test (starting it takes seconds, not
/// milliseconds).</summary>
public sealed class TopologyFixture : IAsyncLifetime
{
    public RunningTopology Topology { get; private set; } = null!;

    // The gateway logs routine requests at Debug; the export test follows one trace through every process's lines.
    public async Task InitializeAsync() => Topology = await RunningTopology.StartAsync(renderers: 2,
        environment: new Dictionary<string, string> { ["Logging__LogLevel__ResumePair.Gateway.Middleware"] = "Debug" });

    public async Task DisposeAsync()
    {
        // Null when the start failed (it disposed of what it had started itself).
        if (Topology is not null) await Topology.DisposeAsync();
    }

    public GatewayClient CreateClient() => new(Topology.GatewayUrl);
}

[CollectionDefinition(Name)]
public sealed class TopologyCollection : ICollectionFixture<TopologyFixture>
{
    public const string Name = "topology";
}
