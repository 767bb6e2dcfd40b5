using Microsoft.Extensions.Time.Testing;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.IdentityModel.JsonWebTokens;
using ResumePair.AiProxy.Tests.Support;
using ResumePair.Testing;

namespace ResumePair.AiProxy.Tests;

/// <summary>Per-user limits and the daily quota live in Postgres: two replicas on one database enforce them
/// together.</summary>
[Collection("infrastructure")]
public sealed class LimitsTests(InfrastructureFixture infra)
{
    [Fact]
    public async Task Generate_allows_three_a_minute_per_user_across_two_replicas()
    {
        await using var h = await AiHarness.StartAsync(infra);
        var replicaB = h.AddReplica();
        var user = await h.UserAsync();
        using var a = h.Client(user);
        using var b = h.Client(user, replicaB);
        Task<HttpResponseMessage> Generate(HttpClient c, int i) =>
            c.PostAsJsonAsync("/api/v1/ai/generate", new { prompt = $"improved reporting {i}" });

        Assert.Equal(HttpStatusCode.OK, (await Generate(a, 1)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Generate(b, 2)).StatusCode);
        var third = await Generate(a, 3);
        Assert.Equal(HttpStatusCode.OK, third.StatusCode);
        Assert.Equal(
            ("3", "0"),
            (
                third.Headers.GetValues("RateLimit-Limit").Single(),
                third.Headers.GetValues("RateLimit-Remaining").Single()
            )
        );

        var fourth = await Generate(b, 4);
        Assert.Equal(HttpStatusCode.TooManyRequests, fourth.StatusCode);
        Assert.InRange(int.Parse(fourth.Headers.GetValues("Retry-After").Single()), 1, 60);
        Assert.Equal("application/problem+json", fourth.Content.Headers.ContentType?.MediaType);
        Assert.Equal("97", fourth.Headers.GetValues("X-AI-Remaining-Today").Single());

        // Another user is not affected.
        using var other = h.Client(await h.UserAsync(), replicaB);
        Assert.Equal(HttpStatusCode.OK, (await Generate(other, 5)).StatusCode);
    }

    [Fact]
    public async Task Extract_allows_one_per_thirty_seconds()
    {
        var time = FlowingTime.Start(DateTimeOffset.UtcNow);
        await using var h = await AiHarness.StartAsync(infra, time: time);
        using var client = h.Client(await h.UserAsync());

        Assert.Equal(
            HttpStatusCode.OK,
            (await client.PostAsJsonAsync("/api/v1/ai/extract", new { text = "Jane Doe\nEngineer" })).StatusCode
        );
        Assert.Equal(
            HttpStatusCode.TooManyRequests,
            (await client.PostAsJsonAsync("/api/v1/ai/extract", new { text = "Jane Doe\nEngineer" })).StatusCode
        );
        time.Advance(TimeSpan.FromSeconds(30));
        Assert.Equal(
            HttpStatusCode.OK,
            (await client.PostAsJsonAsync("/api/v1/ai/extract", new { text = "Jane Doe\nEngineer" })).StatusCode
        );
    }

    [Fact]
    public async Task The_daily_quota_is_shared_by_replicas_and_resets_at_midnight_UTC()
    {
        var midnight = DateTimeOffset.UtcNow.UtcDateTime.Date.AddDays(1);
        var time = FlowingTime.Start(new DateTimeOffset(midnight.AddMinutes(-1), TimeSpan.Zero));
        await using var h = await AiHarness.StartAsync(infra, time: time, settings: new() { ["Ai:DailyLimit"] = "3" });
        var replicaB = h.AddReplica();
        var user = await h.UserAsync();
        using var a = h.Client(user);
        using var b = h.Client(user, replicaB);
        Task<HttpResponseMessage> Enhance(HttpClient c, int i) =>
            c.PostAsJsonAsync("/api/v1/ai/enhance", new { text = $"made report {i}" });

        Assert.Equal("2", (await Enhance(a, 1)).Headers.GetValues("X-AI-Remaining-Today").Single());
        Assert.Equal("1", (await Enhance(b, 2)).Headers.GetValues("X-AI-Remaining-Today").Single());
        Assert.Equal("0", (await Enhance(a, 3)).Headers.GetValues("X-AI-Remaining-Today").Single());
        var over = await Enhance(b, 4);
        Assert.Equal(HttpStatusCode.TooManyRequests, over.StatusCode);
        Assert.Equal("0", over.Headers.GetValues("X-AI-Remaining-Today").Single());
        Assert.InRange(int.Parse(over.Headers.GetValues("Retry-After").Single()), 1, 60); // until midnight
        Assert.Equal(
            "ai-daily",
            (await over.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("policy").GetString()
        );
        var usage = await a.GetFromJsonAsync<JsonElement>("/api/v1/ai/usage");
        Assert.Equal(
            (3, 3, 0),
            (
                usage.GetProperty("usedToday").GetInt32(),
                usage.GetProperty("dailyLimit").GetInt32(),
                usage.GetProperty("remaining").GetInt32()
            )
        );
        Assert.Equal(midnight, usage.GetProperty("resetsAt").GetDateTimeOffset().UtcDateTime);

        time.Advance(TimeSpan.FromMinutes(2)); // a new UTC day
        var fresh = await Enhance(b, 5);
        Assert.Equal(HttpStatusCode.OK, fresh.StatusCode);
        Assert.Equal("2", fresh.Headers.GetValues("X-AI-Remaining-Today").Single());
        Assert.Equal(
            1,
            (await b.GetFromJsonAsync<JsonElement>("/api/v1/ai/usage")).GetProperty("usedToday").GetInt32()
        );
    }

    [Fact]
    public async Task The_daily_limit_follows_the_plan_in_the_token_documents_issued()
    {
        await using var h = await AiHarness.StartAsync(
            infra,
            settings: new() { ["Ai:Plans:free"] = "20", ["Ai:Plans:pro"] = "500" }
        );
        var user = await h.UserAsync();
        var mystery = await h.UserAsync();
        // Plans change outside these services (billing, later); the new plan reaches the next token documents issues.
        await h.Documents.SetPlanAsync(mystery, "mystery");
        mystery = await h.Documents.SignInAsync(mystery);

        // Every account starts on the free plan: its configured quota, not the default 100.
        Assert.Equal("free", new JsonWebToken(user.AccessToken).GetClaim("plan").Value);
        using (var free = h.Client(user))
            Assert.Equal(
                20,
                (await free.GetFromJsonAsync<JsonElement>("/api/v1/ai/usage")).GetProperty("dailyLimit").GetInt32()
            );

        await h.Documents.SetPlanAsync(user, "pro");
        var upgraded = await h.Documents.SignInAsync(user);
        Assert.Equal("pro", new JsonWebToken(upgraded.AccessToken).GetClaim("plan").Value);
        using var pro = h.Client(upgraded);
        var enhanced = await pro.PostAsJsonAsync("/api/v1/ai/enhance", new { text = "made a dashboard" });
        Assert.Equal(HttpStatusCode.OK, enhanced.StatusCode);
        Assert.Equal("499", enhanced.Headers.GetValues("X-AI-Remaining-Today").Single());
        var usage = await pro.GetFromJsonAsync<JsonElement>("/api/v1/ai/usage");
        Assert.Equal(
            (1, 500, 499),
            (
                usage.GetProperty("usedToday").GetInt32(),
                usage.GetProperty("dailyLimit").GetInt32(),
                usage.GetProperty("remaining").GetInt32()
            )
        );

        // A plan the proxy has no quota for gets the default limit.
        using var unknownPlan = h.Client(mystery);
        var response = await unknownPlan.GetAsync("/api/v1/ai/usage");
        Assert.Equal(
            100,
            (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("dailyLimit").GetInt32()
        );
        Assert.Equal("100", response.Headers.GetValues("X-AI-Remaining-Today").Single());
    }
}
