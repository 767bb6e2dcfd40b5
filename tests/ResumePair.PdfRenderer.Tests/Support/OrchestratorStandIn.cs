using System.Collections.Concurrent;
using MassTransit;
using ResumePair.Contracts.Exports;

namespace ResumePair.PdfRenderer.Tests.Support;

/// <summary>
/// A bus playing the orchestrator on a real RabbitMQ: it publishes requests and cancels and collects everything the
/// renderers publish back (on its own auto-deleted queue).
/// </summary>
public sealed class OrchestratorStandIn : IAsyncDisposable
{
    private readonly IBusControl _bus;
    public ConcurrentQueue<object> Received { get; } = new();
    public IPublishEndpoint Publisher => _bus;

    private OrchestratorStandIn(Uri amqp)
    {
        var vhost = amqp.AbsolutePath.Trim('/');
        _bus = Bus.Factory.CreateUsingRabbitMq(cfg =>
        {
            cfg.Host(amqp.Host, (ushort)amqp.Port, vhost.Length == 0 ? "/" : vhost, h => { h.Username("guest"); h.Password("guest"); });
            cfg.ReceiveEndpoint($"renderer-tests-{Guid.NewGuid():N}", e =>
            {
                e.AutoDelete = true;
                e.Durable = false;
                e.Handler<RenderProgressed>(c => Collect(c.Message));
                e.Handler<PdfRendered>(c => Collect(c.Message));
                e.Handler<PdfRenderFailed>(c => Collect(c.Message));
            });
        });
    }

    public static async Task<OrchestratorStandIn> StartAsync(Uri amqp)
    {
        var standIn = new OrchestratorStandIn(amqp);
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
        throw new TimeoutException($"No {typeof(T).Name} arrived in time. Received: {string.Join(", ", Received.Select(m => m.ToString()))}");
    }

    public async ValueTask DisposeAsync() => await _bus.StopAsync();
}
