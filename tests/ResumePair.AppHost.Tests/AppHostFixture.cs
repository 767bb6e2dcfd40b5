using ResumePair.Testing.Topology;
using Xunit;

namespace ResumePair.AppHost.Tests;

/// <summary>
/// The real AppHost, started once for the collection (start and disposal take seconds), its services exporting
/// traces to <see cref="Otlp"/> the way they export to the dashboard (OTLP over HTTP).
/// </summary>
public sealed class AppHostFixture : IAsyncLifetime
{
    private RunningTopology? _topology;

    public RunningTopology Topology => _topology ?? throw new InvalidOperationException("The topology did not start");

    public OtlpReceiver Otlp { get; } = new();

    public async Task InitializeAsync() =>
        _topology = await RunningTopology.StartAsync(
            renderers: 2,
            environment: new Dictionary<string, string>
            {
                ["OTEL_EXPORTER_OTLP_ENDPOINT"] = Otlp.Endpoint,
                ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
                // Spans leave within a second instead of the default 5 s batch delay.
                ["OTEL_BSP_SCHEDULE_DELAY"] = "500",
            }
        );

    public async Task DisposeAsync()
    {
        // A start that failed has disposed of what it started already, and left no topology.
        if (_topology is not null) await _topology.DisposeAsync();
        await Otlp.DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class AppHostCollection : ICollectionFixture<AppHostFixture>
{
    public const string Name = "apphost";
}
