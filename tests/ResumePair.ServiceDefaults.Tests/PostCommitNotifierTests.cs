using System.Collections.Concurrent;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Npgsql;
using ResumePair.Messaging;
using ResumePair.Testing;
using Xunit;

namespace ResumePair.ServiceDefaults.Tests;

[Collection("infrastructure")]
public sealed class PostCommitNotifierTests(InfrastructureFixture infra)
{
    [Fact]
    public async Task Requests_made_while_a_send_is_due_go_out_together_with_every_id_once_per_channel()
    {
        await using var db = NpgsqlDataSource.Create(await infra.CreateDatabaseAsync("notify"));
        var received = new ConcurrentQueue<(string Channel, string Payload)>();
        await using var listener = await db.OpenConnectionAsync();
        listener.Notification += (_, e) => received.Enqueue((e.Channel, e.Payload));
        await using (var listen = new NpgsqlCommand("LISTEN changes; LISTEN wakeups", listener))
            await listen.ExecuteNonQueryAsync();
        using var notifier = new PostCommitNotifier(
            db,
            Options.Create(new PostCommitNotifierOptions { Interval = TimeSpan.FromMilliseconds(300) }),
            TimeProvider.System,
            NullLogger<PostCommitNotifier>.Instance
        );

        var first = Guid.NewGuid();
        notifier.Notify("changes", first); // after a quiet spell: sent at once
        await WaitForAsync(listener, received, 1);
        var later = Enumerable.Range(0, 450).Select(_ => Guid.NewGuid()).ToList();
        foreach (var id in later) notifier.Notify("changes", id);
        notifier.Notify("changes", later[0]); // twice: once in the payload
        notifier.Notify("wakeups");
        notifier.Notify("wakeups");
        // The first send's interval is still running: these go out together after it, as 3 + 1 notifications.
        await WaitForAsync(listener, received, 5);
        await Task.Delay(400);
        while (listener.Wait(TimeSpan.FromMilliseconds(50))) { }

        var all = received.ToList();
        Assert.Equal(("changes", first.ToString()), all[0]);
        var changes = all.Skip(1).Where(n => n.Channel == "changes").ToList();
        Assert.Equal(3, changes.Count); // 450 ids, at most 200 per payload
        Assert.Equal(later.Order(), changes.SelectMany(n => PostCommitNotifier.ParseIds(n.Payload)).Order());
        Assert.Equal([("wakeups", "")], all.Where(n => n.Channel == "wakeups"));
        Assert.Equal(5, all.Count);
    }

    [Fact]
    public void Payloads_parse_as_one_id_or_a_comma_separated_list_and_ignore_what_is_not_an_id()
    {
        var (a, b) = (Guid.NewGuid(), Guid.NewGuid());
        Assert.Equal([a], PostCommitNotifier.ParseIds(a.ToString()));
        Assert.Equal([a, b], PostCommitNotifier.ParseIds($"{a},{b}"));
        Assert.Empty(PostCommitNotifier.ParseIds(""));
        Assert.Equal([b], PostCommitNotifier.ParseIds($"not-an-id,{b}"));
    }

    private static async Task WaitForAsync(
        NpgsqlConnection listener,
        ConcurrentQueue<(string, string)> received,
        int count
    )
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (received.Count < count)
        {
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"Expected {count} notifications, got {received.Count}");
            await listener.WaitAsync(TimeSpan.FromMilliseconds(100));
        }
    }
}
