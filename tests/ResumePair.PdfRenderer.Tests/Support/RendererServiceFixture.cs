using System.Collections.Concurrent;
using MassTransit;
using Microsoft.AspNetCore.Mvc.Testing;
using ResumePair.Testing;

namespace ResumePair.PdfRenderer.Tests.Support;

/// <summary>
/// The whole renderer service (Program.cs) on a real RabbitMQ, uploading to the real export orchestrator
/// (<see cref="ExportJobs"/>) under the discovery name <c>export-orchestrator</c>, and a second, independent bus
/// playing the orchestrator: it publishes <see cref="Contracts.Exports.RenderPdfRequested"/> and collects everything
/// the renderer publishes back.
/// </summary>
public sealed class RendererServiceFixture : IAsyncLifetime
{
    private readonly InfrastructureFixture _infrastructure = new();
    private BusStandIn? _orchestrator;

    public WebApplicationFactory<Program> App { get; private set; } = null!;
    public ResumePair.Testing.Servers.LocalRabbitMq RabbitMq => _infrastructure.RabbitMq;
    public InfrastructureFixture Infrastructure => _infrastructure;
    public string DataDirectory => _infrastructure.DataDirectory;
    /// <summary>Real export jobs, their upload URLs, and what the real orchestrator received and stored.</summary>
    public ExportJobs Exports { get; private set; } = null!;
    public TestTokens Tokens { get; } = new();
    public IPublishEndpoint Orchestrator => _orchestrator!.Publisher;
    public ConcurrentQueue<object> Received => _orchestrator!.Received;
    public CapturedLogs Logs { get; } = new();

    public async Task InitializeAsync()
    {
        await _infrastructure.InitializeAsync();
        Exports = await ExportJobs.StartAsync(_infrastructure);
        App = RendererReplica.Create(
            new Uri(RabbitMq.AmqpUri),
            Exports.Orchestrator.Url,
            DataDirectory,
            "pdf-renderer-test-1",
            Logs,
            Tokens
        );
        _orchestrator = await BusStandIn.ForOrchestratorAsync(new Uri(RabbitMq.AmqpUri));
    }

    public Task<T> WaitForAsync<T>(Func<T, bool> match, TimeSpan? timeout = null) =>
        _orchestrator!.WaitForAsync(match, timeout);

    public async Task DisposeAsync()
    {
        if (_orchestrator is not null) await _orchestrator.DisposeAsync();
        if (App is not null) await App.DisposeAsync(); // stops the host: the bus, then Chromium
        if (Exports is not null) await Exports.DisposeAsync();
        await _infrastructure.DisposeAsync();
    }
}

[CollectionDefinition("renderer-service")]
public sealed class RendererServiceCollection : ICollectionFixture<RendererServiceFixture>;
