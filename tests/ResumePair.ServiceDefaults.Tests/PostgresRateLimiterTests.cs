using Microsoft.Extensions.Time.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Npgsql;
using ResumePair.Migrations;
using ResumePair.Web.RateLimiting;
using ResumePair.Testing;
using Xunit;

namespace ResumePair.ServiceDefaults.Tests;

[Collection("infrastructure")]
public sealed class PostgresRateLimiterTests(InfrastructureFixture infra)
{
    private static readonly DateTimeOffset Noon = new(2026, 3, 1, 12, 0, 10, TimeSpan.Zero);

    private async Task<(PostgresRateLimiter Limiter, FakeTimeProvider Clock, NpgsqlDataSource Db)> CreateAsync(
        int limit,
        TimeSpan window
    )
    {
        var db = NpgsqlDataSource.Create(await infra.CreateDatabaseAsync("ratelimits"));
        await MigrationRunner.ApplyAsync(
            db,
            typeof(PostgresRateLimiterTests).Assembly,
            NullLogger.Instance,
            CancellationToken.None
        );
        var clock = new FakeTimeProvider(Noon);
        var options = new RateLimitOptions
        {
            Policies =
            {
                ["generate"] = new RateLimitPolicy { PermitLimit = limit, Window = window },
            },
        };
        return (new PostgresRateLimiter(db, new StaticOptions(options), clock), clock, db);
    }

    [Fact]
    public async Task Allows_the_limit_then_denies_with_retry_after_until_the_window_ends()
    {
        var (limiter, clock, db) = await CreateAsync(3, TimeSpan.FromMinutes(1));
        await using var _ = db;

        var decisions = new List<RateLimitDecision>();
        for (var i = 0; i < 4; i++) decisions.Add(await limiter.TryAcquireAsync("generate", "user-a",
            CancellationToken.None));
        var otherUser = await limiter.TryAcquireAsync("generate", "user-b", CancellationToken.None);
        clock.Advance(TimeSpan.FromSeconds(50));
        var nextWindow = await limiter.TryAcquireAsync("generate", "user-a", CancellationToken.None);

        Assert.Equal([true, true, true, false], decisions.Select(d => d.Allowed));
        Assert.Equal([2, 1, 0, 0], decisions.Select(d => d.Remaining));
        Assert.Equal(TimeSpan.FromSeconds(50), decisions[3].RetryAfter);
        Assert.True(otherUser.Allowed);
        Assert.True(nextWindow.Allowed);
        Assert.Equal(2, nextWindow.Remaining);
    }

    [Fact]
    public async Task Concurrent_requests_from_several_replicas_never_exceed_the_limit()
    {
        var (limiter, clock, db) = await CreateAsync(10, TimeSpan.FromMinutes(1));
        await using var _ = db;
        // A second limiter on its own connection pool stands in for another replica.
        await using var otherDb = NpgsqlDataSource.Create(db.ConnectionString);
        var replica = new PostgresRateLimiter(otherDb, new StaticOptions(new RateLimitOptions
        {
            Policies = { ["generate"] = new RateLimitPolicy { PermitLimit = 10, Window = TimeSpan.FromMinutes(1) } },
        }), clock);

        var results = await Task.WhenAll(Enumerable.Range(0, 40).Select(i =>
            (i % 2 == 0 ? limiter : replica).TryAcquireAsync("generate", "user-a", CancellationToken.None)));

        Assert.Equal(10, results.Count(r => r.Allowed));
    }

    [Fact]
    public async Task A_daily_window_resets_at_midnight_utc_and_peek_does_not_count()
    {
        var (limiter, clock, db) = await CreateAsync(2, TimeSpan.FromDays(1));
        await using var _ = db;

        await limiter.TryAcquireAsync("generate", "user-a", CancellationToken.None);
        var peek1 = await limiter.PeekAsync("generate", "user-a", CancellationToken.None);
        var peek2 = await limiter.PeekAsync("generate", "user-a", CancellationToken.None);
        clock.SetUtcNow(new DateTimeOffset(2026, 3, 2, 0, 0, 1, TimeSpan.Zero));
        var tomorrow = await limiter.PeekAsync("generate", "user-a", CancellationToken.None);

        Assert.Equal(1, peek1.Remaining);
        Assert.Equal(1, peek2.Remaining);
        Assert.Equal(new DateTimeOffset(2026, 3, 2, 0, 0, 0, TimeSpan.Zero), peek1.ResetsAt);
        Assert.Equal(2, tomorrow.Remaining);
    }

    [Fact]
    public async Task A_released_permit_can_be_taken_again_in_the_same_window()
    {
        var (limiter, _, db) = await CreateAsync(1, TimeSpan.FromMinutes(1));
        await using var _ = db;

        var first = await limiter.TryAcquireAsync("generate", "user-a", CancellationToken.None);
        var denied = await limiter.TryAcquireAsync("generate", "user-a", CancellationToken.None);
        await limiter.ReleaseAsync("generate", "user-a", first, CancellationToken.None);
        var again = await limiter.TryAcquireAsync("generate", "user-a", CancellationToken.None);

        Assert.False(denied.Allowed);
        Assert.True(again.Allowed);
    }

    private sealed class StaticOptions(RateLimitOptions value) : IOptionsMonitor<RateLimitOptions>
    {
        public RateLimitOptions CurrentValue => value;
        public RateLimitOptions Get(string? name) => value;
        public IDisposable? OnChange(Action<RateLimitOptions, string?> listener) => null;
    }
}
