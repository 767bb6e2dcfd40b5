using System.Collections.Concurrent;
using MassTransit;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using ResumePair.Contracts.Exports;
using ResumePair.Testing;

namespace ResumePair.PdfRenderer.Tests.Support;

/// <summary>
/// The whole renderer service (Program.cs) on a real RabbitMQ, with a real Kestrel upload endpoint registered
/// under the discovery name <c>export-orchestrator</c>, and a second, independent bus playing the orchestrator:
/// it publishes <see cref="RenderPdfRequested"/> and collects everything the renderer publishes back.
/// </summary>
public sealed class RendererServiceFixture : IAsyncLifetime
{
    private readonly InfrastructureFixture _infrastructure = new();
    private IBusControl? _orchestratorBus;

    public WebApplicationFactory<Program> App { get; private set; } = null!;
    public ResumePair.LocalInfrastructure.RabbitMqServer RabbitMq => _infrastructure.RabbitMq;
    public UploadServer Uploads { get; private set; } = null!;
    public TestTokens Tokens { get; } = new();
    public IPublishEndpoint Orchestrator => _orchestratorBus!;
    public ConcurrentQueue<object> Received { get; } = new();
    public CapturedLogs Logs { get; } = new();

    public async Task InitializeAsync()
    {
        await _infrastructure.InitializeAsync();
        Uploads = await UploadServer.StartAsync();
        var amqp = new Uri(_infrastructure.RabbitMq.AmqpUri);

        App = new WebApplicationFactory<Program>().WithWebHostBuilder(web =>
        {
            web.UseSetting("ConnectionStrings:messaging", amqp.ToString());
            web.UseSetting("services:export-orchestrator:http:0", Uploads.BaseUrl);
            web.UseSetting("Renderer:PoolSize", "2");
            web.UseSetting("Renderer:HeartbeatInterval", "00:00:00.2");
            web.UseSetting("Renderer:DataDirectory", _infrastructure.DataDirectory);
            web.UseSetting("OTEL_SERVICE_INSTANCE_ID", "pdf-renderer-test-1");
            web.ConfigureLogging(logging => logging.AddProvider(Logs));
            web.ConfigureTestServices(services =>
            {
                services.PostConfigure<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme, o =>
                {
                    o.MetadataAddress = null!;
                    o.TokenValidationParameters.IssuerSigningKey = Tokens.Key;
                });
                // Publishing before the renderer's queue is bound would drop the message: start the bus first.
                services.Configure<MassTransitHostOptions>(o => { o.WaitUntilStarted = true; o.StartTimeout = TimeSpan.FromSeconds(60); });
            });
        });
        _ = App.Server; // builds and starts the host

        _orchestratorBus = Bus.Factory.CreateUsingRabbitMq(cfg =>
        {
            cfg.Host(amqp.Host, (ushort)amqp.Port, "/", h => { h.Username("guest"); h.Password("guest"); });
            cfg.ReceiveEndpoint($"renderer-tests-{Guid.NewGuid():N}", e =>
            {
                e.AutoDelete = true;
                e.Durable = false;
                e.Handler<RenderProgressed>(c => Collect(c.Message));
                e.Handler<PdfRendered>(c => Collect(c.Message));
                e.Handler<PdfRenderFailed>(c => Collect(c.Message));
            });
        });
        await _orchestratorBus.StartAsync(new CancellationTokenSource(TimeSpan.FromSeconds(60)).Token);
    }

    private Task Collect(object message)
    {
        Received.Enqueue(message);
        return Task.CompletedTask;
    }

    public async Task<T> WaitForAsync<T>(Func<T, bool> match, TimeSpan? timeout = null)
    {
        var until = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(60));
        while (DateTime.UtcNow < until)
        {
            if (Received.OfType<T>().FirstOrDefault(match) is { } found) return found;
            await Task.Delay(25);
        }
        throw new TimeoutException($"No {typeof(T).Name} arrived in time. Received: {string.Join(", ", Received.Select(m => m.ToString()))}");
    }

    public async Task DisposeAsync()
    {
        if (_orchestratorBus is not null) await _orchestratorBus.StopAsync();
        if (App is not null) await App.DisposeAsync(); // stops the host: the bus, then Chromium
        if (Uploads is not null) await Uploads.DisposeAsync();
        await _infrastructure.DisposeAsync();
    }
}

[CollectionDefinition("renderer-service")]
public sealed class RendererServiceCollection : ICollectionFixture<RendererServiceFixture>;
