using System.Collections.Concurrent;
using MassTransit;

namespace ResumePair.ExportOrchestrator.Tests.Support;

/// <summary>
/// A standalone MassTransit bus on the test broker with one uniquely named, auto-deleted queue that records
/// every <typeparamref name="T"/> it receives (message id and message).
/// </summary>
public sealed class TestBus<T> : IAsyncDisposable where T : class
{
    public IBusControl Bus { get; }
    public ConcurrentBag<(Guid? MessageId, T Message, System.Diagnostics.ActivityTraceId TraceId)> Received { get; } =
    [];

    private TestBus(IBusControl bus) => Bus = bus;

    public static async Task<TestBus<T>> StartAsync(string amqpUri, bool durable = false)
    {
        TestBus<T>? self = null;
        var uri = new Uri(amqpUri);
        var bus = MassTransit.Bus.Factory.CreateUsingRabbitMq(cfg =>
        {
            cfg.Host(uri.Host, (ushort)uri.Port, "/", h =>
            {
                h.Username("guest");
                h.Password("guest");
                h.PublisherConfirmation = true;
            });
            cfg.ReceiveEndpoint($"test-{typeof(T).Name}-{Guid.NewGuid():N}", e =>
            {
                // Durable when the test restarts the broker: the queue and its binding must survive it.
                e.AutoDelete = !durable;
                e.Durable = durable;
                e.Handler<T>(ctx =>
                {
                    self!.Received.Add(
                        (ctx.MessageId, ctx.Message, System.Diagnostics.Activity.Current?.TraceId ?? default)
                    );
                    return Task.CompletedTask;
                });
            });
        });
        self = new TestBus<T>(bus);
        await bus.StartAsync(new CancellationTokenSource(TimeSpan.FromSeconds(60)).Token);
        return self;
    }

    public async ValueTask DisposeAsync() => await Bus.StopAsync(TimeSpan.FromSeconds(10));
}
