using Microsoft.Extensions.Time.Testing;
using System.Diagnostics;
using Dapper;
using MassTransit;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Npgsql;
using ResumePair.Contracts.Exports;
using ResumePair.ExportOrchestrator.Tests.Support;
using ResumePair.Messaging.Outbox;
using ResumePair.Testing;

namespace ResumePair.ExportOrchestrator.Tests.Messaging;

[Collection("infrastructure")]
public sealed class OutboxTests(InfrastructureFixture infra)
{
    private static readonly OutboxMessageTypes Types = new OutboxMessageTypes().AddAssembly(
        typeof(RenderProgressed).Assembly
    );

    [Fact]
    public async Task Two_competing_relays_publish_every_row_exactly_once_and_wake_on_notify()
    {
        Tracing.EnsureListening();
        var (_, db) = await TestDatabase.CreateAsync(infra, "outbox_compete");
        await using var _db = db;
        await using var bus = await TestBus<RenderProgressed>.StartAsync(infra.RabbitMq.AmqpUri);
        var run = Guid.NewGuid();
        var writer = new OutboxWriter(Types, TimeProvider.System);
        var written = new List<Guid>();
        written.AddRange(await WriteAsync(db, writer, run, 300, perTransaction: 7));

        // A long poll interval: rows written after the start can only arrive this fast through LISTEN/NOTIFY.
        var options = new OutboxOptions { BatchSize = 25, PollInterval = TimeSpan.FromSeconds(30) };
        var relays = new[] { Relay(db, bus.Bus, options), Relay(db, bus.Bus, options) };
        foreach (var relay in relays) await relay.StartAsync(CancellationToken.None);
        try
        {
            await Eventually.UntilAsync(
                () => Task.FromResult(Mine(bus, run).Count),
                n => n >= 300,
                "the backlog to be relayed"
            );
            written.AddRange(await WriteAsync(db, writer, run, 100, perTransaction: 10));
            await Eventually.UntilAsync(
                () => Task.FromResult(Mine(bus, run).Count),
                n => n >= 400,
                "rows written later to be relayed on NOTIFY",
                TimeSpan.FromSeconds(10)
            );
            await Task.Delay(500); // room for a duplicate to show up

            var received = Mine(bus, run);
            Assert.Equal(400, received.Count);
            Assert.Equal(written.Order(), received.Select(r => r.MessageId!.Value).Order());

            await using var c = await db.OpenConnectionAsync();
            var rows = (
                await c.QueryAsync<(DateTime? SentAt, int Attempts)>("SELECT sent_at, attempts FROM outbox_messages")
            ).ToList();
            Assert.Equal(400, rows.Count);
            Assert.All(rows, r => { Assert.NotNull(r.SentAt); Assert.Equal(1, r.Attempts); });
        }
        finally
        {
            foreach (var relay in relays) await relay.StopAsync(CancellationToken.None);
        }
    }

    [Fact]
    public async Task Rows_written_before_the_relay_starts_are_delivered_under_the_writers_trace()
    {
        Tracing.EnsureListening();
        var (_, db) = await TestDatabase.CreateAsync(infra, "outbox_trace");
        await using var _db = db;
        await using var bus = await TestBus<RenderProgressed>.StartAsync(infra.RabbitMq.AmqpUri);
        var run = Guid.NewGuid();

        ActivityTraceId traceId;
        using (var request = new Activity("test request").SetIdFormat(ActivityIdFormat.W3C).Start())
        {
            traceId = request.TraceId;
            await WriteAsync(db, new OutboxWriter(Types, TimeProvider.System), run, 5, perTransaction: 5);
        }

        var relay = Relay(db, bus.Bus, new OutboxOptions());
        await relay.StartAsync(CancellationToken.None);
        try
        {
            var received = await Eventually.UntilAsync(
                () => Task.FromResult(Mine(bus, run)),
                r => r.Count >= 5,
                "the rows to be delivered"
            );
            Assert.All(received, r => Assert.Equal(traceId, r.TraceId));
        }
        finally
        {
            await relay.StopAsync(CancellationToken.None);
        }
    }

    [Fact]
    public async Task Rows_stay_in_the_outbox_while_publishing_fails_and_go_out_once_it_works_again()
    {
        var (_, db) = await TestDatabase.CreateAsync(infra, "outbox_flaky");
        await using var _db = db;
        await using var bus = await TestBus<RenderProgressed>.StartAsync(infra.RabbitMq.AmqpUri);
        var (publisher, control) = FlakyPublisher.Wrap(bus.Bus);
        control.Failing = true;
        var run = Guid.NewGuid();
        var writer = new OutboxWriter(Types, TimeProvider.System);
        await WriteAsync(db, writer, run, 10, perTransaction: 10);

        var relay = Relay(db, publisher, new OutboxOptions { PollInterval = TimeSpan.FromMilliseconds(100) });
        await relay.StartAsync(CancellationToken.None);
        try
        {
            await using (var c = await db.OpenConnectionAsync())
                await Eventually.UntilAsync(
                    () => c.ExecuteScalarAsync<int>("SELECT min(attempts) FROM outbox_messages"),
                    n => n >= 2,
                    "failed publish attempts to be recorded"
                );
            // Written while the "broker" is down.
            await WriteAsync(db, writer, run, 5, perTransaction: 1);
            Assert.Empty(Mine(bus, run));

            control.Failing = false;
            await Eventually.UntilAsync(
                () => Task.FromResult(Mine(bus, run).Count),
                n => n >= 15,
                "the backlog after recovery"
            );
            await Task.Delay(300);
            Assert.Equal(15, Mine(bus, run).Select(r => r.MessageId).Distinct().Count());
            Assert.Equal(15, Mine(bus, run).Count);

            await using var check = await db.OpenConnectionAsync();
            Assert.Equal(
                0,
                await check.ExecuteScalarAsync<int>("SELECT count(*) FROM outbox_messages WHERE sent_at IS NULL")
            );
            Assert.Equal(
                0,
                await check.ExecuteScalarAsync<int>("SELECT count(*) FROM outbox_messages WHERE last_error IS NOT NULL")
            );
        }
        finally
        {
            await relay.StopAsync(CancellationToken.None);
        }
    }

    [Fact]
    public async Task A_row_of_an_unregistered_type_is_parked_not_retried_forever()
    {
        var (_, db) = await TestDatabase.CreateAsync(infra, "outbox_unknown");
        await using var _db = db;
        await using (var c = await db.OpenConnectionAsync())
            await c.ExecuteAsync("""
                INSERT INTO outbox_messages (message_id, message_type, body, created_at)
                VALUES (gen_random_uuid(), 'System.IO.FileInfo', '{}'::jsonb, now())
                """);
        var (publisher, _) = FlakyPublisher.Wrap(null!);
        var relay = Relay(db, publisher, new OutboxOptions());
        Assert.Equal(1, await relay.RelayBatchAsync(CancellationToken.None));
        Assert.Equal(0, await relay.RelayBatchAsync(CancellationToken.None));
        await using var check = await db.OpenConnectionAsync();
        var error = await check.ExecuteScalarAsync<string>(
            "SELECT last_error FROM outbox_messages WHERE dead_at IS NOT NULL"
        );
        Assert.Contains("Unknown message type", error);
    }

    [Fact]
    public async Task The_writer_refuses_types_the_relay_could_not_resolve()
    {
        var (_, db) = await TestDatabase.CreateAsync(infra, "outbox_refuse");
        await using var _db = db;
        await using var c = await db.OpenConnectionAsync();
        await using var tx = await c.BeginTransactionAsync();
        await Assert.ThrowsAsync<InvalidOperationException>(() =>
            new OutboxWriter(Types, TimeProvider.System).EnqueueAsync(
                c,
                tx,
                new Uri("http://x"),
                CancellationToken.None
            )
        );
    }

    internal static OutboxRelay Relay(NpgsqlDataSource db, IPublishEndpoint publisher, OutboxOptions options) =>
        new(db, publisher, Types, Options.Create(options), TimeProvider.System, NullLogger<OutboxRelay>.Instance);

    private static List<(Guid? MessageId, RenderProgressed Message, ActivityTraceId TraceId)> Mine(
        TestBus<RenderProgressed> bus,
        Guid run
    ) => bus.Received.Where(r => r.Message.JobId == run).ToList();

    private static async Task<List<Guid>> WriteAsync(
        NpgsqlDataSource db,
        OutboxWriter writer,
        Guid run,
        int count,
        int perTransaction
    )
    {
        var ids = new List<Guid>();
        for (var done = 0; done < count;)
        {
            await using var c = await db.OpenConnectionAsync();
            await using var tx = await c.BeginTransactionAsync();
            for (var i = 0; i < perTransaction && done < count; i++, done++)
                ids.Add(
                    await writer.EnqueueAsync(
                        c,
                        tx,
                        new RenderProgressed
                        {
                            JobId = run,
                            Attempt = 1,
                            Percentage = done % 100,
                            Message = $"m{done}",
                            WorkerId = "w",
                        },
                        CancellationToken.None
                    )
                );
            await tx.CommitAsync();
        }
        return ids;
    }
}
