using System.Collections.Concurrent;
using MassTransit;
using ResumePair.Contracts.Exports;

namespace ResumePair.PdfRenderer.Tests.Support;

/// <summary>
/// A test's own bus on a real RabbitMQ: it publishes what the test sends and collects, on its own auto-deleted queue,
/// the messages of one side of the export conversation — the renderers' results (<see cref="ForOrchestratorAsync"/>,
/// next to the renderer) or the orchestrator's dispatches (<see cref="ForRenderersAsync"/>, next to the orchestrator).
/// </summary>
public sealed class BusStandIn : IAsyncDisposable
{
    private readonly IBusControl _bus;
    public ConcurrentQueue<object> Received { get; } = new();
    public IPublishEndpoint Publisher => _bus;

    private BusStandIn(Uri amqp, Action<IRabbitMqReceiveEndpointConfigurator, Func<object, Task>> collect)
    {
        var vhost = amqp.AbsolutePath.Trim('/');
        _bus = Bus.Factory.CreateUsingRabbitMq(cfg =>
        {
            cfg.Host(amqp.Host, (ushort)amqp.Port, vhost.Length == 0 ? "/" : vhost, h =>
            {
                h.Username("guest");
                h.Password("guest");
            });
            cfg.ReceiveEndpoint($"renderer-tests-{Guid.NewGuid():N}", e =>
            {
                e.AutoDelete = true;
                e.Durable = false;
                collect(e, Collect);
            });
        });
    }

    /// <summary>Plays the orchestrator next to the renderers: collects their progress, results and failures.</summary>
    public static Task<BusStandIn> ForOrchestratorAsync(Uri amqp) => StartAsync(new BusStandIn(amqp, (e, collect) =>
    {
        e.Handler<RenderProgressed>(c => collect(c.Message));
        e.Handler<PdfRendered>(c => collect(c.Message));
        e.Handler<PdfRenderFailed>(c => collect(c.Message));
    }));

    /// <summary>Plays the renderers next to the orchestrator: collects the render requests it dispatches.</summary>
    public static Task<BusStandIn> ForRenderersAsync(Uri amqp) =>
        StartAsync(new BusStandIn(amqp, (e, collect) => e.Handler<RenderPdfRequested>(c => collect(c.Message))));

    private static async Task<BusStandIn> StartAsync(BusStandIn standIn)
    {
        // Started (queue bound) before the test publishes anything: a message published earlier would find no queue.
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await standIn._bus.StartAsync(timeout.Token);
        return standIn;
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
        throw new TimeoutException(
            $"No {typeof(T).Name} arrived in time. Received: {string.Join(", ", Received.Select(m => m.ToString()))}"
        );
    }

    public async ValueTask DisposeAsync() => await _bus.StopAsync();
}
