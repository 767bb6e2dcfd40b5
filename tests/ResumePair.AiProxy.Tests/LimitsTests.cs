using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ResumePair.AiProxy.Tests.Support;
using ResumePair.Testing;

namespace ResumePair.AiProxy.Tests;

/// <summary>Per-user limits and the daily quota live in Postgres: two replicas on one database enforce them together.</summary>
[Collection("infrastructure")]
public sealed class LimitsTests(InfrastructureFixture infra)
{
    [Fact]
    public async Task Generate_allows_three_a_minute_per_user_across_two_replicas()
    {
        await using var h = await AiHarness.StartAsync(infra);
        var replicaB = h.AddReplica();
        var user = Guid.NewGuid();
        using var a = h.Client(user);
        using var b = h.Client(user, replicaB);
        Task<HttpResponseMessage> Generate(HttpClient c, int i) => c.PostAsJsonAsync("/api/v1/ai/generate", new { prompt = $"improved reporting {i}" });

        Assert.Equal(HttpStatusCode.OK, (await Generate(a, 1)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Generate(b, 2)).StatusCode);
        var third = await Generate(a, 3);
        Assert.Equal(HttpStatusCode.OK, third.StatusCode);
        Assert.Equal(("3", "0"), (third.Headers.GetValues("RateLimit-Limit").Single(), third.Headers.GetValues("RateLimit-Remaining").Single()));

        var fourth = await Generate(b, 4);
        Assert.Equal(HttpStatusCode.TooManyRequests, fourth.StatusCode);
        Assert.InRange(int.Parse(fourth.Headers.GetValues("Retry-After").Single()), 1, 60);
        Assert.Equal("application/problem+json", fourth.Content.Headers.ContentType?.MediaType);
        Assert.Equal("97", fourth.Headers.GetValues("X-AI-Remaining-Today").Single());

        // Another user is not affected.
        using var other = h.Client(Guid.NewGuid(), replicaB);
        Assert.Equal(HttpStatusCode.OK, (await Generate(other, 5)).StatusCode);
    }

    [Fact]
    public async Task Extract_allows_one_per_thirty_seconds()
    {
        var time = new ManualTimeProvider(DateTimeOffset.UtcNow);
        await using var h = await AiHarness.StartAsync(infra, time: time);
        using var client = h.Client(Guid.NewGuid());

        Assert.Equal(HttpStatusCode.OK, (await client.PostAsJsonAsync("/api/v1/ai/extract", new { text = "Jane Doe\nEngineer" })).StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, (await client.PostAsJsonAsync("/api/v1/ai/extract", new { text = "Jane Doe\nEngineer" })).StatusCode);
        time.Advance(TimeSpan.FromSeconds(30));
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsJsonAsync("/api/v1/ai/extract", new { text = "Jane Doe\nEngineer" })).StatusCode);
    }

    [Fact]
    public async Task The_daily_quota_is_shared_by_replicas_and_resets_at_midnight_UTC()
    {
        var midnight = DateTimeOffset.UtcNow.UtcDateTime.Date.AddDays(1);
        var time = new ManualTimeProvider(new DateTimeOffset(midnight.AddMinutes(-1), TimeSpan.Zero));
        await using var h = await AiHarness.StartAsync(infra, time: time, settings: new() { ["Ai:DailyLimit"] = "3" });
        var replicaB = h.AddReplica();
        var user = Guid.NewGuid();
        using var a = h.Client(user);
        using var b = h.Client(user, replicaB);
        Task<HttpResponseMessage> Enhance(HttpClient c, int i) => c.PostAsJsonAsync("/api/v1/ai/enhance", new { text = $"made report {i}" });

        Assert.Equal("2", (await Enhance(a, 1)).Headers.GetValues("X-AI-Remaining-Today").Single());
        Assert.Equal("1", (await Enhance(b, 2)).Headers.GetValues("X-AI-Remaining-Today").Single());
        Assert.Equal("0", (await Enhance(a, 3)).Headers.GetValues("X-AI-Remaining-Today").Single());
        var over = await Enhance(b, 4);
        Assert.Equal(HttpStatusCode.TooManyRequests, over.StatusCode);
        Assert.Equal("0", over.Headers.GetValues("X-AI-Remaining-Today").Single());
        Assert.InRange(int.Parse(over.Headers.GetValues("Retry-After").Single()), 1, 60); // until midnight
        Assert.Equal("ai-daily", (await over.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("policy").GetString());
        var usage = await a.GetFromJsonAsync<JsonElement>("/api/v1/ai/usage");
        Assert.Equal((3, 3, 0), (usage.GetProperty("usedToday").GetInt32(), usage.GetProperty("dailyLimit").GetInt32(), usage.GetProperty("remaining").GetInt32()));
        Assert.Equal(midnight, usage.GetProperty("resetsAt").GetDateTimeOffset().UtcDateTime);

        time.Advance(TimeSpan.FromMinutes(2)); // a new UTC day
        var fresh = await Enhance(b, 5);
        Assert.Equal(HttpStatusCode.OK, fresh.StatusCode);
        Assert.Equal("2", fresh.Headers.GetValues("X-AI-Remaining-Today").Single());
        Assert.Equal(1, (await b.GetFromJsonAsync<JsonElement>("/api/v1/ai/usage")).GetProperty("usedToday").GetInt32());
    }

    [Fact]
    public async Task The_daily_limit_follows_the_plan_claim()
    {
        await using var h = await AiHarness.StartAsync(infra, settings: new() { ["Ai:Plans:pro"] = "500" });
        using var pro = h.Client(Guid.NewGuid(), plan: "pro");
        using var unknownPlan = h.Client(Guid.NewGuid(), plan: "mystery");

        Assert.Equal(500, (await pro.GetFromJsonAsync<JsonElement>("/api/v1/ai/usage")).GetProperty("dailyLimit").GetInt32());
        var response = await unknownPlan.GetAsync("/api/v1/ai/usage");
        Assert.Equal(100, (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("dailyLimit").GetInt32());
        Assert.Equal("100", response.Headers.GetValues("X-AI-Remaining-Today").Single());
    }
}
