using Dapper;
using ResumePair.ExportOrchestrator.Tests.Support;
using ResumePair.Messaging.Inbox;
using ResumePair.Testing;

namespace ResumePair.ExportOrchestrator.Tests.Messaging;

[Collection("infrastructure")]
public sealed class InboxTests(InfrastructureFixture infra)
{
    [Fact]
    public async Task A_redelivered_message_has_one_effect_even_when_deliveries_race()
    {
        var (_, db) = await TestDatabase.CreateAsync(infra, "inbox_race");
        await using var _db = db;
        await using (var c = await db.OpenConnectionAsync())
            await c.ExecuteAsync("CREATE TABLE effects (n int)");
        var inbox = new Inbox(db, TimeProvider.System);
        var messageId = Guid.NewGuid();

        var results = await Task.WhenAll(
            Enumerable
                .Range(0, 8)
                .Select(_ =>
                    inbox.ProcessOnceAsync(
                        "test-consumer",
                        messageId,
                        async (c, tx, ct) =>
                        {
                            await c.ExecuteAsync(
                                new CommandDefinition(
                                    "INSERT INTO effects VALUES (1)",
                                    transaction: tx,
                                    cancellationToken: ct
                                )
                            );
                            await Task.Delay(50, ct); // hold the transaction so the duplicates really overlap
                        },
                        CancellationToken.None
                    )
                )
        );

        Assert.Single(results, r => r);
        Assert.False(
            await inbox.ProcessOnceAsync(
                "test-consumer",
                messageId,
                (_, _, _) => throw new Exception("must not run"),
                CancellationToken.None
            )
        );
        await using var check = await db.OpenConnectionAsync();
        Assert.Equal(1, await check.ExecuteScalarAsync<int>("SELECT count(*) FROM effects"));
    }

    [Fact]
    public async Task A_failed_effect_leaves_no_inbox_row_so_the_redelivery_runs_it_again()
    {
        var (_, db) = await TestDatabase.CreateAsync(infra, "inbox_fail");
        await using var _db = db;
        var inbox = new Inbox(db, TimeProvider.System);
        var messageId = Guid.NewGuid();

        await Assert.ThrowsAsync<InvalidOperationException>(() =>
            inbox.ProcessOnceAsync(
                "c",
                messageId,
                (_, _, _) => throw new InvalidOperationException("transient"),
                CancellationToken.None
            )
        );
        var ran = false;
        Assert.True(
            await inbox.ProcessOnceAsync(
                "c",
                messageId,
                (_, _, _) =>
                {
                    ran = true;
                    return Task.CompletedTask;
                },
                CancellationToken.None
            )
        );
        Assert.True(ran);
    }

    [Fact]
    public async Task Consumers_are_deduplicated_independently()
    {
        var (_, db) = await TestDatabase.CreateAsync(infra, "inbox_consumers");
        await using var _db = db;
        var inbox = new Inbox(db, TimeProvider.System);
        var messageId = Guid.NewGuid();
        Assert.True(
            await inbox.ProcessOnceAsync("a", messageId, (_, _, _) => Task.CompletedTask, CancellationToken.None)
        );
        Assert.True(
            await inbox.ProcessOnceAsync("b", messageId, (_, _, _) => Task.CompletedTask, CancellationToken.None)
        );
    }
}
