using ResumePair.Testing.Topology;
using Xunit;

namespace ResumePair.AppHost.Tests;

/// <summary>The real AppHost, started once for the collection (start and disposal take seconds).</summary>
public sealed class AppHostFixture : IAsyncLifetime
{
    public RunningTopology Topology { get; private set; } = null!;

    public async Task InitializeAsync() => Topology = await RunningTopology.StartAsync(renderers: 2);

    public async Task DisposeAsync() => await Topology.DisposeAsync();
}

[CollectionDefinition(Name)]
public sealed class AppHostCollection : ICollectionFixture<AppHostFixture>
{
    public const string Name = "apphost";
}
