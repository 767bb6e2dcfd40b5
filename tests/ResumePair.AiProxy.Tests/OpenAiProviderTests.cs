using Microsoft.Extensions.Time.Testing;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ResumePair.AiProxy.Tests.Support;
using ResumePair.Testing;
using static ResumePair.Testing.Vendors.FakeOpenAiServer;

namespace ResumePair.AiProxy.Tests;

/// <summary>The proxy against a real local server speaking OpenAI's chat-completions protocol, scripted per
/// test.</summary>
[Collection("infrastructure")]
public sealed class OpenAiProviderTests(InfrastructureFixture infra)
{
    private const string ValidResume = """
        {"profile":{"name":"Ada Lovelace","email":"ada@example.com"},
         "work":[{"company":"Analytical Engines","position":"Programmer","startDate":"1842","current":false,
                  "highlights":["Wrote the first program"]}]}
        """;

    [Fact]
    public async Task Answers_from_the_vendor_with_its_model_and_key()
    {
        await using var h = await AiHarness.StartAsync(infra, openAi: true);
        h.OpenAi!.Enqueue(Reply("- Led the payments platform rebuild"));
        using var client = h.Client(await h.UserAsync());

        var response = await client.PostAsJsonAsync(
            "/api/v1/ai/generate",
            new { prompt = "payments platform rebuild", section = "highlights" }
        );

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("- Led the payments platform rebuild", body.GetProperty("text").GetString());
        Assert.Equal(
            ("openai", "test-model"),
            (body.GetProperty("provider").GetString(), body.GetProperty("model").GetString())
        );
        var sent = Assert.Single(h.OpenAi.Received);
        Assert.Equal("test-model", sent["model"]!.GetValue<string>());
        Assert.Equal("Bearer sk-test-secret", Assert.Single(h.OpenAi.Authorizations));
        Assert.Equal("miss", response.Headers.GetValues("X-AI-Cache").Single());
        // The ledger has the vendor's token counts and a cost.
        Assert.Equal(
            60L,
            await h.ScalarAsync<long>("SELECT sum(tokens_in + tokens_out) FROM ai_usage WHERE outcome = 'ok'")
        );
        Assert.True(await h.ScalarAsync<decimal>("SELECT sum(cost_usd) FROM ai_usage") > 0m);
    }

    [Fact]
    public async Task Streams_each_token_as_it_arrives()
    {
        await using var h = await AiHarness.StartAsync(infra, openAi: true);
        h.OpenAi!.Enqueue(Reply("Built a fast and reliable billing service", perToken: TimeSpan.FromMilliseconds(150)));
        using var client = h.Client(await h.UserAsync());
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/ai/enhance")
        {
            Content = JsonContent.Create(new { text = "made billing service" }),
        };
        request.Headers.Accept.ParseAdd("text/event-stream");

        var clock = Stopwatch.StartNew();
        using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
        TimeSpan? firstToken = null;
        var all = new System.Text.StringBuilder();
        while (await reader.ReadLineAsync() is { } line)
        {
            if (line == "event: token") firstToken ??= clock.Elapsed;
            all.Append(line).Append('\n');
        }
        var total = clock.Elapsed;

        var events = OfflineRoutesTests.ParseEvents(all.ToString());
        Assert.Equal(7, events.Count(e => e.Name == "token"));
        Assert.Equal(
            "Built a fast and reliable billing service",
            JsonDocument.Parse(events.Single(e => e.Name == "result").Data).RootElement.GetProperty("text").GetString()
        );
        // Seven tokens 150 ms apart: the first reached the client long before the last (no buffering on the way).
        Assert.True(
            total - firstToken!.Value > TimeSpan.FromMilliseconds(600),
            $"first token at {firstToken}, end at {total}"
        );
        Assert.True(h.OpenAi.Received.Single()["stream"]!.GetValue<bool>());
    }

    [Fact]
    public async Task Malformed_json_gets_one_repair_attempt_then_a_clear_502_and_nothing_is_used()
    {
        await using var h = await AiHarness.StartAsync(
            infra,
            openAi: true,
            settings: new() { ["RateLimits:Policies:ai-extract:PermitLimit"] = "10" }
        );
        using var client = h.Client(await h.UserAsync());

        // Broken once, repaired on the second try.
        h.OpenAi!.Enqueue(Reply("{\"profile\": {\"name\": \"Ada"), Reply(ValidResume));
        var repaired = await client.PostAsJsonAsync("/api/v1/ai/extract", new { text = "Ada Lovelace, programmer" });
        Assert.Equal(HttpStatusCode.OK, repaired.StatusCode);
        Assert.Equal(
            "Ada Lovelace",
            (await repaired.Content.ReadFromJsonAsync<JsonElement>())
                .GetProperty("data")
                .GetProperty("profile")
                .GetProperty("name")
                .GetString()
        );
        Assert.Equal(2, h.OpenAi.Requests);
        Assert.Contains("rejected", h.OpenAi.Received.Last()["messages"]![1]!["content"]!.GetValue<string>());

        // Schema-invalid twice (an unknown field, then a missing name): 502, not cached, the quota given back.
        h.OpenAi.Enqueue(Reply("""{"profile":{"name":"Bob","age":42}}"""), Reply("""{"profile":{"name":""}}"""));
        var failed = await client.PostAsJsonAsync("/api/v1/ai/extract", new { text = "Bob, no details" });
        Assert.Equal(HttpStatusCode.BadGateway, failed.StatusCode);
        var problem = await failed.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("Invalid AI output", problem.GetProperty("title").GetString());
        Assert.Contains("profile.name is required", problem.GetProperty("detail").GetString());
        Assert.Equal(4, h.OpenAi.Requests);
        Assert.Equal(1L, await h.ScalarAsync<long>("SELECT count(*) FROM ai_cache"));
        Assert.Equal("99", failed.Headers.GetValues("X-AI-Remaining-Today").Single());
        Assert.Equal(1L, await h.ScalarAsync<long>("SELECT count(*) FROM ai_usage WHERE outcome = 'invalid_output'"));
    }

    [Fact]
    public async Task A_429_with_Retry_After_is_retried_after_the_wait_and_a_long_wait_is_a_quick_503()
    {
        await using var h = await AiHarness.StartAsync(infra, openAi: true);
        using var client = h.Client(await h.UserAsync());

        h.OpenAi!.Enqueue(Status(429, retryAfterSeconds: 1), Reply("Shipped the thing"));
        var clock = Stopwatch.StartNew();
        var response = await client.PostAsJsonAsync("/api/v1/ai/enhance", new { text = "did the thing" });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(
            clock.Elapsed >= TimeSpan.FromSeconds(0.95),
            $"retried after {clock.Elapsed}, before the vendor's Retry-After"
        );
        Assert.Equal(2, h.OpenAi.Requests);

        // The vendor asks for a minute: waiting would hang the user, so the answer is 503 now, with the vendor's
        // Retry-After.
        h.OpenAi.Enqueue(Status(429, retryAfterSeconds: 60));
        clock.Restart();
        var busy = await client.PostAsJsonAsync("/api/v1/ai/enhance", new { text = "did another thing" });
        Assert.Equal(HttpStatusCode.ServiceUnavailable, busy.StatusCode);
        Assert.Equal("60", busy.Headers.GetValues("Retry-After").Single());
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5));
        Assert.Equal("application/problem+json", busy.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Server_errors_open_the_circuit_which_closes_again_when_the_vendor_recovers()
    {
        await using var h = await AiHarness.StartAsync(infra, openAi: true, settings: new()
        {
            ["Ai:Resilience:MaxRetries"] = "0",
            ["Ai:Resilience:MinimumThroughput"] = "2",
            ["Ai:Resilience:BreakDuration"] = "00:00:01",
            ["RateLimits:Policies:ai-enhance:PermitLimit"] = "100",
        });
        h.OpenAi!.Default = Status(500);
        using var client = h.Client(await h.UserAsync());
        Task<HttpResponseMessage> Ask(int i) =>
            client.PostAsJsonAsync("/api/v1/ai/enhance", new { text = $"made thing {i}" });

        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await Ask(1)).StatusCode);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await Ask(2)).StatusCode);
        Assert.Equal(2, h.OpenAi.Requests);

        // Open: answered 503 at once without calling the vendor.
        var clock = Stopwatch.StartNew();
        var open = await Ask(3);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, open.StatusCode);
        Assert.Contains(
            "paused",
            (await open.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString()
        );
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(1));
        Assert.Equal(2, h.OpenAi.Requests);

        // After the break a trial call goes through; it succeeds, so the circuit closes.
        h.OpenAi.Default = Reply("Built thing");
        await Task.Delay(TimeSpan.FromSeconds(1.2));
        Assert.Equal(HttpStatusCode.OK, (await Ask(4)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Ask(5)).StatusCode);
        Assert.Equal(4, h.OpenAi.Requests);
        // The failures were logged (with the vendor's answer), the API key never.
        Assert.Contains(h.Proxy.Logs.Lines, l => l.Contains("answered 500"));
        Assert.DoesNotContain(h.Proxy.Logs.Lines, l => l.Contains("sk-test-secret"));
        // Failed requests did not use the user's quota: only the two answered ones count.
        Assert.Equal(
            2,
            (await client.GetFromJsonAsync<JsonElement>("/api/v1/ai/usage")).GetProperty("usedToday").GetInt32()
        );
    }

    [Fact]
    public async Task A_slow_vendor_is_timed_out_into_a_503_and_the_upstream_call_is_abandoned()
    {
        await using var h = await AiHarness.StartAsync(infra, openAi: true, settings: new()
        {
            ["Ai:Resilience:MaxRetries"] = "0",
            ["Ai:Resilience:AttemptTimeout"] = "00:00:00.700",
        });
        h.OpenAi!.Enqueue(Slow(TimeSpan.FromSeconds(30)));
        using var client = h.Client(await h.UserAsync());

        var clock = Stopwatch.StartNew();
        var response = await client.PostAsJsonAsync("/api/v1/ai/enhance", new { text = "waited for the vendor" });

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Contains(
            "did not answer in time",
            (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString()
        );
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"took {clock.Elapsed}");
        await h.OpenAi.Aborted.Task.WaitAsync(TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task A_client_that_disconnects_mid_stream_cancels_the_vendor_request()
    {
        await using var h = await AiHarness.StartAsync(infra, openAi: true);
        h.OpenAi!.Enqueue(
            Reply(
                string.Join(' ', Enumerable.Range(1, 100).Select(i => $"word{i}")),
                perToken: TimeSpan.FromMilliseconds(100)
            )
        );
        using var client = h.Client(await h.UserAsync());
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/ai/generate")
        {
            Content = JsonContent.Create(new { prompt = "a long essay" }),
        };
        request.Headers.Accept.ParseAdd("text/event-stream");
        using var cts = new CancellationTokenSource();

        var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cts.Token);
        var reader = new StreamReader(await response.Content.ReadAsStreamAsync(cts.Token));
        Assert.Equal("event: token", await reader.ReadLineAsync(cts.Token));
        cts.Cancel();
        response.Dispose(); // the client goes away after the first token

        await h.OpenAi.Aborted.Task.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.False(h.OpenAi.Aborted.Task.IsFaulted);
        await Eventually(
            async () => await h.ScalarAsync<long>("SELECT count(*) FROM ai_usage WHERE outcome = 'cancelled'") == 1,
            "a cancelled ledger row"
        );
    }

    [Fact]
    public async Task Identical_requests_are_answered_from_the_shared_cache_for_five_minutes()
    {
        var time = FlowingTime.Start(DateTimeOffset.UtcNow);
        await using var h = await AiHarness.StartAsync(infra, openAi: true, time: time);
        h.OpenAi!.Default = Reply("Built a dashboard");
        var replicaB = h.AddReplica();
        var user = await h.UserAsync();
        using var a = h.Client(user);
        using var b = h.Client(user, replicaB);

        var first = await a.PostAsJsonAsync("/api/v1/ai/enhance", new { text = "made a dashboard" });
        // Same request modulo whitespace, on the other replica: a hit, the vendor is not asked again.
        var second = await b.PostAsJsonAsync("/api/v1/ai/enhance", new { text = "made   a dashboard " });
        Assert.Equal(
            ("miss", "hit"),
            (first.Headers.GetValues("X-AI-Cache").Single(), second.Headers.GetValues("X-AI-Cache").Single())
        );
        Assert.Equal(
            "Built a dashboard",
            (await second.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("text").GetString()
        );
        Assert.Equal(1, h.OpenAi.Requests);

        time.Advance(TimeSpan.FromMinutes(5) + TimeSpan.FromSeconds(1));
        var later = await b.PostAsJsonAsync("/api/v1/ai/enhance", new { text = "made a dashboard" });
        Assert.Equal("miss", later.Headers.GetValues("X-AI-Cache").Single());
        Assert.Equal(2, h.OpenAi.Requests);
        Assert.Equal(1L, await h.ScalarAsync<long>("SELECT count(*) FROM ai_usage WHERE cache_hit"));
    }

    [Fact]
    public async Task The_provider_budget_is_shared_by_replicas()
    {
        await using var h = await AiHarness.StartAsync(
            infra,
            openAi: true,
            settings: new() { ["Ai:Budget:RequestsPerMinute"] = "2" }
        );
        h.OpenAi!.Default = Reply("Done");
        var replicaB = h.AddReplica();
        using var a = h.Client(await h.UserAsync());
        using var b = h.Client(await h.UserAsync(), replicaB);

        Assert.Equal(
            HttpStatusCode.OK,
            (await a.PostAsJsonAsync("/api/v1/ai/enhance", new { text = "one" })).StatusCode
        );
        Assert.Equal(
            HttpStatusCode.OK,
            (await b.PostAsJsonAsync("/api/v1/ai/enhance", new { text = "two" })).StatusCode
        );
        var third = await a.PostAsJsonAsync("/api/v1/ai/enhance", new { text = "three" });

        Assert.Equal(HttpStatusCode.TooManyRequests, third.StatusCode);
        Assert.InRange(int.Parse(third.Headers.GetValues("Retry-After").Single()), 1, 30);
        Assert.Equal(2, h.OpenAi.Requests);
    }

    private static async Task Eventually(Func<Task<bool>> condition, string what)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"Timed out waiting for {what}");
            await Task.Delay(50);
        }
    }
}
