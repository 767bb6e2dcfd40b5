using System.Collections.Concurrent;
using MassTransit;
using Microsoft.AspNetCore.Mvc.Testing;
using ResumePair.Testing;

namespace ResumePair.PdfRenderer.Tests.Support;

/// <summary>
/// The whole renderer service (Program.cs) on a real RabbitMQ, with a real Kestrel upload endpoint registered
/// under the discovery name <c>export-orchestrator</c>, and a second, independent bus playing the orchestrator:
/// it publishes <see cref="Contracts.Exports.RenderPdfRequested"/> and collects everything the renderer publishes back.
/// </summary>
public sealed class RendererServiceFixture : IAsyncLifetime
{
    private readonly InfrastructureFixture _infrastructure = new();
    private OrchestratorStandIn? _orchestrator;

    public WebApplicationFactory<Program> App { get; private set; } = null!;
    public ResumePair.LocalInfrastructure.RabbitMqServer RabbitMq => _infrastructure.RabbitMq;
    public string DataDirectory => _infrastructure.DataDirectory;
    public UploadServer Uploads { get; private set; } = null!;
    public TestTokens Tokens { get; } = new();
    public IPublishEndpoint Orchestrator => _orchestrator!.Publisher;
    public ConcurrentQueue<object> Received => _orchestrator!.Received;
    public CapturedLogs Logs { get; } = new();

    public async Task InitializeAsync()
    {
        await _infrastructure.InitializeAsync();
        Uploads = await UploadServer.StartAsync();
        App = RendererReplica.Create(new Uri(RabbitMq.AmqpUri), Uploads.BaseUrl, DataDirectory, "pdf-renderer-test-1", Logs, Tokens);
        _orchestrator = await OrchestratorStandIn.StartAsync(new Uri(RabbitMq.AmqpUri));
    }

    public Task<T> WaitForAsync<T>(Func<T, bool> match, TimeSpan? timeout = null) => _orchestrator!.WaitForAsync(match, timeout);

    public async Task DisposeAsync()
    {
        if (_orchestrator is not null) await _orchestrator.DisposeAsync();
        if (App is not null) await App.DisposeAsync(); // stops the host: the bus, then Chromium
        if (Uploads is not null) await Uploads.DisposeAsync();
        await _infrastructure.DisposeAsync();
    }
}

[CollectionDefinition("renderer-service")]
public sealed class RendererServiceCollection : ICollectionFixture<RendererServiceFixture>;
