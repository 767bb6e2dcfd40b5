using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using ResumePair.AiProxy.Tests.Support;
using ResumePair.Testing;
using static ResumePair.Testing.Vendors.FakeOpenAiServer;

namespace ResumePair.AiProxy.Tests;

/// <summary>
/// NUL characters: a 400 problem naming the field on every AI route (they were 500s: PostgreSQL's text cannot hold
/// them), and never inside an answer, even when the vendor's JSON carries one.
/// </summary>
[Collection("infrastructure")]
public sealed class AiNulInputTests(InfrastructureFixture infra)
{
    [Fact]
    public async Task A_nul_in_any_text_field_is_a_400_problem_naming_it_and_spends_no_quota()
    {
        await using var h = await AiHarness.StartAsync(infra);
        var user = await h.UserAsync();
        var doc = await h.Documents.CreateResumeAsync(user);
        using var client = h.Client(user);
        (string Path, string Json, string Field)[] cases =
        [
            ("/api/v1/ai/generate", """{"prompt":"lead\u0000 the team"}""", "prompt"),
            ("/api/v1/ai/extract", """{"text":"Jane Doe\u0000\nEngineer"}""", "text"),
            ("/api/v1/ai/enhance", """{"text":"made\u0000 billing"}""", "text"),
            (
                "/api/v1/ai/tailor",
                $$"""{"documentId":"{{doc}}","jobDescription":"C#\u0000 engineer"}""",
                "jobDescription"
            ),
            ("/api/v1/ai/cover-letter", $$"""{"documentId":"{{doc}}","jobDescription":"\u0000"}""", "jobDescription"),
        ];

        foreach (var (path, json, field) in cases)
        {
            var response = await client.PostAsync(path, new StringContent(json, Encoding.UTF8, "application/json"));
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
            Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), $"{path}: {problem}");
        }
        var usage = await client.GetFromJsonAsync<JsonElement>("/api/v1/ai/usage");
        Assert.Equal(0, usage.GetProperty("usedToday").GetInt32());
    }

    [Fact]
    public async Task Extract_never_returns_a_nul_the_vendor_put_in_its_json()
    {
        await using var h = await AiHarness.StartAsync(infra, openAi: true);
        h.OpenAi!.Enqueue(
            Reply("""{"profile":{"name":"Ada\u0000 Lovelace","email":"ada@example.com"}}"""),
            Reply("""{"profile":{"name":"Ada Lovelace","email":"ada@example.com"}}"""));
        using var client = h.Client(await h.UserAsync());

        var response = await client.PostAsJsonAsync(
            "/api/v1/ai/extract",
            new { text = "Ada Lovelace, ada@example.com" }
        );
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.DoesNotContain("\\u0000", body, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain('\0', body);
        Assert.Equal(
            "Ada Lovelace",
            JsonDocument
                .Parse(body)
                .RootElement.GetProperty("data")
                .GetProperty("profile")
                .GetProperty("name")
                .GetString()
        );
        Assert.Equal(2, h.OpenAi.Requests); // the NUL answer was refused and repaired
    }
}
