using System.Net;
using System.Net.Http.Json;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using ResumePair.AiProxy.Tests.Support;
using ResumePair.Contracts.Accounts;
using ResumePair.Testing;

namespace ResumePair.AiProxy.Tests;

/// <summary>
/// AccountDeleted (published by the documents service when an account is deleted) through the real broker, on a
/// virtual host of the test's own, reaching the real proxy's consumer on its real database.
/// </summary>
[Collection("infrastructure")]
public sealed class AccountDeletedTests(InfrastructureFixture infra)
{
    [Fact]
    public async Task A_deleted_account_takes_its_ledger_cached_and_stored_answers_and_counters_and_spares_others()
    {
        var vhost = await infra.CreateVirtualHostAsync("ai-deleted");
        await using var h = await AiHarness.StartAsync(
            infra,
            settings: new() { ["ConnectionStrings:messaging"] = vhost }
        );
        var gone = await h.UserAsync();
        var stays = await h.UserAsync();
        foreach (var user in new[] { gone, stays })
        {
            using var client = h.Client(user);
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/ai/enhance")
            {
                Content = JsonContent.Create(new { text = $"made a dashboard for team {user.Id:N}" }),
            };
            request.Headers.Add("Idempotency-Key", "enhance-1");
            Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(request)).StatusCode);
        }
        // Each user has a ledger row, a cached answer, a stored Idempotency-Key answer and two counters (quota, limit).
        Assert.Equal((1L, 1L, 1L, 2L), await RowsAsync(h, gone.Id));
        Assert.Equal((1L, 1L, 1L, 2L), await RowsAsync(h, stays.Id));

        var bus = h.Proxy.Services.GetRequiredService<IBus>();
        var deleted = new AccountDeleted { UserId = gone.Id, OccurredAt = DateTimeOffset.UtcNow };
        await bus.Publish(deleted);
        await UntilAsync(async () => await RowsAsync(h, gone.Id) == (0, 0, 0, 0), "the deleted user's rows to go");

        // A redelivery changes nothing; the other user's rows are untouched.
        await bus.Publish(deleted);
        await Task.Delay(1000);
        Assert.Equal((0L, 0L, 0L, 0L), await RowsAsync(h, gone.Id));
        Assert.Equal((1L, 1L, 1L, 2L), await RowsAsync(h, stays.Id));
    }

    private static async Task<(long Usage, long Cached, long Keys, long Counters)> RowsAsync(
        AiHarness h,
        Guid userId
    ) =>
        (
            await h.ScalarAsync<long>($"SELECT count(*) FROM ai_usage WHERE user_id = '{userId}'"),
            await h.ScalarAsync<long>($"SELECT count(*) FROM ai_cache WHERE user_id = '{userId}'"),
            await h.ScalarAsync<long>($"SELECT count(*) FROM idempotency_keys WHERE user_id = '{userId}'"),
            await h.ScalarAsync<long>($"SELECT count(*) FROM rate_limit_windows WHERE key LIKE '%:{userId:N}'")
        );

    private static async Task UntilAsync(Func<Task<bool>> condition, string what)
    {
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"Timed out waiting for {what}");
            await Task.Delay(100);
        }
    }
}
