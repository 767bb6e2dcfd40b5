using ResumePair.Testing.Topology;
using Xunit;

namespace ResumePair.EndToEndTests.Topology;

/// <summary>One running topology shared by every end-to-end test (starting it takes seconds, not milliseconds).</summary>
public sealed class TopologyFixture : IAsyncLifetime
{
    public RunningTopology Topology { get; private set; } = null!;

    public async Task InitializeAsync() => Topology = await RunningTopology.StartAsync(renderers: 2);

    public async Task DisposeAsync() => await Topology.DisposeAsync();

    public GatewayClient CreateClient() => new(Topology.GatewayUrl);
}

[CollectionDefinition(Name)]
public sealed class TopologyCollection : ICollectionFixture<TopologyFixture>
{
    public const string Name = "topology";
}
