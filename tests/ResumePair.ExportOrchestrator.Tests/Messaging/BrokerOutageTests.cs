using Dapper;
using ResumePair.Contracts.Exports;
using ResumePair.ExportOrchestrator.Tests.Support;
using ResumePair.Messaging.Outbox;
using ResumePair.Testing;

namespace ResumePair.ExportOrchestrator.Tests.Messaging;

/// <summary>Stops and restarts its own broker, so it has its own servers.</summary>
[CollectionDefinition("broker-outage")]
public sealed class BrokerOutageCollection : ICollectionFixture<InfrastructureFixture>;

[Collection("broker-outage")]
public sealed class BrokerOutageTests(InfrastructureFixture infra)
{
    [Fact]
    public async Task Rows_written_while_the_broker_is_down_are_delivered_once_it_is_back()
    {
        var (_, db) = await TestDatabase.CreateAsync(infra, "outbox_outage");
        await using var _db = db;
        await using var bus = await TestBus<RenderProgressed>.StartAsync(infra.RabbitMq.AmqpUri, durable: true);
        var types = new OutboxMessageTypes().AddAssembly(typeof(RenderProgressed).Assembly);
        var writer = new OutboxWriter(types, TimeProvider.System);
        var run = Guid.NewGuid();
        var relay = OutboxTests.Relay(
            db,
            bus.Bus,
            new OutboxOptions
            {
                PollInterval = TimeSpan.FromMilliseconds(200),
                PublishTimeout = TimeSpan.FromSeconds(2),
            }
        );
        await relay.StartAsync(CancellationToken.None);
        try
        {
            await WriteAsync(db, writer, run, 0, 5);
            await Eventually.UntilAsync(
                () => Task.FromResult(Mine(bus, run).Count),
                n => n >= 5,
                "delivery before the outage"
            );

            await infra.RabbitMq.StopAsync();
            await WriteAsync(db, writer, run, 5, 10);
            await using (var c = await db.OpenConnectionAsync())
            {
                await Eventually.UntilAsync(
                    () =>
                        c.ExecuteScalarAsync<int>("SELECT count(*) FROM outbox_messages WHERE last_error IS NOT NULL"),
                    n => n > 0,
                    "failed publishes to be recorded during the outage",
                    TimeSpan.FromSeconds(30)
                );
                Assert.Equal(
                    10,
                    await c.ExecuteScalarAsync<int>("SELECT count(*) FROM outbox_messages WHERE sent_at IS NULL")
                );
            }

            await infra.RabbitMq.RestartAsync();
            await Eventually.UntilAsync(
                () => Task.FromResult(Mine(bus, run).Select(r => r.MessageId).Distinct().Count()),
                n => n >= 15,
                "the rows written during the outage",
                TimeSpan.FromSeconds(120)
            );
            await using var check = await db.OpenConnectionAsync();
            Assert.Equal(
                0,
                await check.ExecuteScalarAsync<int>("SELECT count(*) FROM outbox_messages WHERE sent_at IS NULL")
            );
        }
        finally
        {
            await relay.StopAsync(CancellationToken.None);
        }
    }

    private static List<(Guid? MessageId, RenderProgressed Message, System.Diagnostics.ActivityTraceId TraceId)> Mine(
        TestBus<RenderProgressed> bus,
        Guid run
    ) => bus.Received.Where(r => r.Message.JobId == run).ToList();

    private static async Task WriteAsync(Npgsql.NpgsqlDataSource db, OutboxWriter writer, Guid run, int from, int count)
    {
        await using var c = await db.OpenConnectionAsync();
        await using var tx = await c.BeginTransactionAsync();
        for (var i = from; i < from + count; i++)
            await writer.EnqueueAsync(
                c,
                tx,
                new RenderProgressed
                {
                    JobId = run,
                    Attempt = 1,
                    Percentage = i,
                    Message = $"m{i}",
                    WorkerId = "w",
                },
                CancellationToken.None
            );
        await tx.CommitAsync();
    }
}
