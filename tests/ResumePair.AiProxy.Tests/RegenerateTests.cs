using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ResumePair.AiProxy.Tests.Support;
using ResumePair.Testing;
using static ResumePair.Testing.Vendors.FakeOpenAiServer;

namespace ResumePair.AiProxy.Tests;

/// <summary>"Regenerate" (<c>?fresh=true</c>): an explicit user action always reaches the provider, cache or
/// not.</summary>
[Collection("infrastructure")]
public sealed class RegenerateTests(InfrastructureFixture infra)
{
    [Fact]
    public async Task Regenerate_asks_the_vendor_again_within_the_cache_lifetime_and_the_new_answer_replaces_the_old()
    {
        await using var h = await AiHarness.StartAsync(infra, openAi: true);
        h.OpenAi!.Enqueue(Reply("Built a dashboard"), Reply("Shipped a dashboard used by 40 teams"));
        using var client = h.Client(await h.UserAsync());
        var body = new { text = "made a dashboard" };

        var first = await client.PostAsJsonAsync("/api/v1/ai/enhance", body);
        var repeated = await client.PostAsJsonAsync("/api/v1/ai/enhance", body);
        Assert.Equal(("miss", "hit"), (Cache(first), Cache(repeated)));
        Assert.Equal(1, h.OpenAi.Requests);

        var regenerated = await client.PostAsJsonAsync("/api/v1/ai/enhance?fresh=true", body);
        Assert.Equal(HttpStatusCode.OK, regenerated.StatusCode);
        Assert.Equal("bypass", Cache(regenerated));
        Assert.Equal(2, h.OpenAi.Requests);
        Assert.Equal("Shipped a dashboard used by 40 teams", await TextAsync(regenerated));

        // The plain request now gets the regenerated answer from the cache, without the vendor.
        var afterwards = await client.PostAsJsonAsync("/api/v1/ai/enhance?fresh=false", body);
        Assert.Equal("hit", Cache(afterwards));
        Assert.Equal("Shipped a dashboard used by 40 teams", await TextAsync(afterwards));
        Assert.Equal(2, h.OpenAi.Requests);
        // the repeat and the one after
        Assert.Equal(2L, await h.ScalarAsync<long>("SELECT count(*) FROM ai_usage WHERE cache_hit"));
    }

    [Fact]
    public async Task A_streamed_regenerate_reaches_the_vendor_too()
    {
        await using var h = await AiHarness.StartAsync(infra, openAi: true);
        h.OpenAi!.Enqueue(Reply("- Led the payments rebuild"), Reply("- Rebuilt payments for 2 million users"));
        using var client = h.Client(await h.UserAsync());
        var body = new { prompt = "payments rebuild", section = "highlights" };
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsJsonAsync("/api/v1/ai/generate", body)).StatusCode);

        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/ai/generate?fresh=true")
        {
            Content = JsonContent.Create(body),
        };
        request.Headers.Accept.ParseAdd("text/event-stream");
        using var response = await client.SendAsync(request);
        var stream = await response.Content.ReadAsStringAsync();

        Assert.Equal("bypass", Cache(response));
        Assert.Equal(2, h.OpenAi.Requests);
        Assert.Contains("event: result", stream, StringComparison.Ordinal);
        Assert.Contains("2 million users", stream, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_malformed_fresh_flag_is_a_validation_problem_and_spends_nothing()
    {
        await using var h = await AiHarness.StartAsync(infra, openAi: true);
        using var client = h.Client(await h.UserAsync());

        var response = await client.PostAsJsonAsync(
            "/api/v1/ai/enhance?fresh=maybe",
            new { text = "made a dashboard" }
        );

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(problem.GetProperty("errors").TryGetProperty("fresh", out _));
        Assert.Equal(0, h.OpenAi!.Requests);
        Assert.Equal(0L, await h.ScalarAsync<long>("SELECT count(*) FROM ai_usage"));
    }

    private static string Cache(HttpResponseMessage response) => response.Headers.GetValues("X-AI-Cache").Single();

    private static async Task<string?> TextAsync(HttpResponseMessage response) =>
        (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("text").GetString();
}
