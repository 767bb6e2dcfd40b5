using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using ResumePair.AiProxy.Tests.Support;
using ResumePair.Web.Internal;
using ResumePair.Testing;
using static ResumePair.Testing.Vendors.FakeOpenAiServer;

namespace ResumePair.AiProxy.Tests;

/// <summary>
/// POST /internal/v1/extract (the import job's route): signed with the shared internal key, the same extract
/// feature on the named user's quota and ledger.
/// </summary>
[Collection("infrastructure")]
public sealed class InternalExtractTests(InfrastructureFixture infra)
{
    private const string Key = "test-internal-key-0123456789";
    private const string Path = "/internal/v1/extract";
    private const string ResumeText =
        "Ada Lovelace\nada@example.com\nExperience\nProgrammer, Analytical Engines, 1842\n- Wrote the first program";

    private static HttpRequestMessage Signed(
        Guid userId,
        string text,
        string key = Key,
        DateTimeOffset? at = null,
        string? plan = null
    )
    {
        var body = JsonSerializer.SerializeToUtf8Bytes(new { userId, text, plan }, JsonSerializerOptions.Web);
        var timestamp = (at ?? DateTimeOffset.UtcNow).ToUnixTimeSeconds();
        var request = new HttpRequestMessage(HttpMethod.Post, Path) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new("application/json");
        request.Headers.Add(InternalSignature.TimestampHeader, timestamp.ToString());
        request.Headers.Add(
            InternalSignature.SignatureHeader,
            InternalSignature.Compute(key, "POST", Path, timestamp, body)
        );
        return request;
    }

    private static Task<AiHarness> StartAsync(
        InfrastructureFixture infra,
        bool openAi = false,
        Dictionary<string, string>? settings = null
    )
    {
        var all = new Dictionary<string, string>(settings ?? []) { ["Internal:Key"] = Key };
        return AiHarness.StartAsync(infra, openAi, all);
    }

    [Fact]
    public async Task Unsigned_wrongly_signed_stale_or_tampered_requests_are_401_and_spend_nothing()
    {
        await using var h = await StartAsync(infra);
        using var client = h.Proxy.CreateClient();
        var user = await h.UserAsync();
        var userId = user.Id;

        var unsigned = await client.PostAsJsonAsync(Path, new { userId, text = ResumeText });
        var wrongKey = await client.SendAsync(Signed(userId, ResumeText, key: "another-key"));
        var stale = await client.SendAsync(Signed(userId, ResumeText, at: DateTimeOffset.UtcNow.AddSeconds(-90)));
        var tampered = Signed(userId, ResumeText);
        tampered.Content = new StringContent(
            JsonSerializer.Serialize(new { userId = Guid.NewGuid(), text = ResumeText }),
            Encoding.UTF8,
            "application/json"
        );
        var tamperedResponse = await client.SendAsync(tampered);
        // A user's own token is no way in either: internal routes take only the service signature.
        using var withToken = h.Client(user);
        var userCall = await withToken.PostAsJsonAsync(Path, new { userId, text = ResumeText });

        foreach (var response in new[] { unsigned, wrongKey, stale, tamperedResponse, userCall })
        {
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        }
        Assert.Equal(0L, await h.ScalarAsync<long>("SELECT count(*) FROM ai_usage"));
    }

    [Fact]
    public async Task Without_a_configured_key_the_route_refuses_even_correctly_shaped_requests()
    {
        await using var h = await AiHarness.StartAsync(infra);
        using var client = h.Proxy.CreateClient();

        var response = await client.SendAsync(Signed(Guid.NewGuid(), ResumeText));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task A_signed_request_extracts_on_the_named_users_quota_and_ledger()
    {
        await using var h = await StartAsync(infra, settings: new() { ["Ai:DailyLimit"] = "2" });
        using var client = h.Proxy.CreateClient();
        var user = await h.UserAsync();
        var userId = user.Id;

        var first = await client.SendAsync(Signed(userId, ResumeText));
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        var body = await first.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("Ada Lovelace", body.GetProperty("data").GetProperty("profile").GetProperty("name").GetString());
        Assert.Equal("1", first.Headers.GetValues("X-AI-Remaining-Today").Single());
        Assert.Equal(
            1L,
            await h.ScalarAsync<long>(
                $"SELECT count(*) FROM ai_usage WHERE user_id = '{userId}' AND feature = 'extract'"
            )
        );

        // The same user's public usage sees the spent request; another text spends the last one.
        using var asUser = h.Client(user);
        var usage = await asUser.GetFromJsonAsync<JsonElement>("/api/v1/ai/usage");
        Assert.Equal(1, usage.GetProperty("usedToday").GetInt32());
        Assert.Equal(
            HttpStatusCode.OK,
            (await client.SendAsync(Signed(userId, ResumeText + "\nSkills: mathematics"))).StatusCode
        );

        // Quota used up: 429 naming the daily policy (the import job turns that into a permanent failure).
        var over = await client.SendAsync(Signed(userId, ResumeText + "\nLanguages: French"));
        Assert.Equal(HttpStatusCode.TooManyRequests, over.StatusCode);
        var problem = await over.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("ai-daily", problem.GetProperty("policy").GetString());
        // Another user is not affected.
        Assert.Equal(
            HttpStatusCode.OK,
            (await client.SendAsync(Signed((await h.UserAsync()).Id, ResumeText))).StatusCode
        );
    }

    [Fact]
    public async Task Invalid_model_json_is_repaired_once_then_a_clear_502()
    {
        await using var h = await StartAsync(infra, openAi: true);
        using var client = h.Proxy.CreateClient();
        var userId = Guid.NewGuid();

        h.OpenAi!.Enqueue(Reply("{\"profile\": {\"name\": \"Ada"), Reply("""{"profile":{"name":"Ada Lovelace"}}"""));
        var repaired = await client.SendAsync(Signed(userId, ResumeText));
        Assert.Equal(HttpStatusCode.OK, repaired.StatusCode);
        Assert.Equal(2, h.OpenAi.Requests);

        h.OpenAi.Enqueue(Reply("""{"profile":{"name":"Bob","age":42}}"""), Reply("not json at all"));
        var failed = await client.SendAsync(Signed(userId, "Bob\nno details at all here"));
        Assert.Equal(HttpStatusCode.BadGateway, failed.StatusCode);
        var problem = await failed.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("Invalid AI output", problem.GetProperty("title").GetString());
        Assert.Equal(4, h.OpenAi.Requests); // one repair attempt, not more
        Assert.Equal(1L, await h.ScalarAsync<long>("SELECT count(*) FROM ai_usage WHERE outcome = 'invalid_output'"));
    }

    [Fact]
    public async Task A_provider_outage_is_a_503_and_the_request_is_given_back()
    {
        await using var h = await StartAsync(infra, openAi: true, settings: new() { ["Ai:DailyLimit"] = "5" });
        h.OpenAi!.Default = Status(503);
        using var client = h.Proxy.CreateClient();

        var response = await client.SendAsync(Signed(Guid.NewGuid(), ResumeText));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("5", response.Headers.GetValues("X-AI-Remaining-Today").Single());
    }
}
