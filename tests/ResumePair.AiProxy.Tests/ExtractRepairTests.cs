using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ResumePair.AiProxy.Tests.Support;
using ResumePair.Contracts.Documents;
using ResumePair.Testing;
using static ResumePair.Testing.Vendors.FakeOpenAiServer;

namespace ResumePair.AiProxy.Tests;

/// <summary>
/// A model's extraction held against the offline parser's reading of the same text (Features/ExtractCheck), through
/// the real route, with the fake OpenAI vendor (a real HTTP server) answering. One repair request at most; the
/// parser's sure entries are never lost.
/// </summary>
[Collection("infrastructure")]
public sealed class ExtractRepairTests(InfrastructureFixture infra)
{
    private const string Text = """
        Jane Doe
        jane.doe@example.com · +1 555 0100 · Berlin, Germany

        EXPERIENCE
        Senior Software Engineer, Acme Corp    2020-01 – present
        - Led the migration of the billing platform
        Software Engineer, Globex    2016-03 – 2019-12
        - Built the order pipeline

        EDUCATION
        BSc Computer Science, Technical University of Munich, 2012 – 2016

        SKILLS
        C#, .NET, PostgreSQL, RabbitMQ, Kubernetes
        """;

    private static readonly object Acme = new
    {
        company = "Acme Corp", position = "Senior Software Engineer", startDate = "2020-01", current = true,
        highlights = new[] { "Led the migration of the billing platform" },
    };
    private static readonly object Globex = new
    {
        company = "Globex", position = "Software Engineer", startDate = "2016-03", endDate = "2019-12", current = false,
        highlights = new[] { "Built the order pipeline" },
    };
    private static readonly object Tum = new
    {
        institution = "Technical University of Munich", studyType = "BSc", area = "Computer Science",
        startDate = "2012", endDate = "2016", courses = Array.Empty<string>(),
    };
    private static readonly object Skills = new[]
    {
        new { name = "Backend", keywords = new[] { "C#", ".NET", "PostgreSQL", "RabbitMQ", "Kubernetes" } },
    };

    private static string Answer(object[] work, string email = "jane.doe@example.com", object? skills = null) =>
        JsonSerializer.Serialize(
            new
            {
                profile = new
                {
                    name = "Jane Doe",
                    email,
                    phone = "+1 555 0100",
                    location = "Berlin, Germany",
                    links = Array.Empty<object>(),
                },
                work,
                education = new[] { Tum },
                skills = skills ?? Skills,
            }
        );

    private async Task<(AiHarness H, HttpClient Client)> StartAsync()
    {
        var h = await AiHarness.StartAsync(infra, openAi: true,
            new() { ["RateLimits:Policies:ai-extract:PermitLimit"] = "100" });
        return (h, h.Client(await h.UserAsync()));
    }

    private static async Task<ResumeData> ExtractAsync(HttpClient client, string? query = null)
    {
        var response = await client.PostAsJsonAsync("/api/v1/ai/extract" + query, new { text = Text });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("openai", body.GetProperty("provider").GetString());
        return body.GetProperty("data").Deserialize<ResumeData>(JsonSerializerOptions.Web)!;
    }

    private static List<string> Companies(ResumeData data) => data.Work.Select(w => w.Company).ToList();

    [Fact]
    public async Task An_answer_that_agrees_with_the_parser_costs_one_call()
    {
        var (h, client) = await StartAsync();
        await using var _ = h;
        h.OpenAi!.Enqueue(Reply(Answer([Acme, Globex])));

        var data = await ExtractAsync(client);

        Assert.Equal(1, h.OpenAi.Requests);
        Assert.Equal(["Acme Corp", "Globex"], Companies(data));
        // The model's grouping of skills is its own: kept as it answered.
        Assert.Equal("Backend", Assert.Single(data.Skills).Name);
    }

    [Fact]
    public async Task A_dropped_job_gets_one_repair_request_with_the_parsers_findings_and_the_repair_brings_it_back()
    {
        var (h, client) = await StartAsync();
        await using var _ = h;
        h.OpenAi!.Enqueue(Reply(Answer([Acme])), Reply(Answer([Acme, Globex])));

        var data = await ExtractAsync(client);

        Assert.Equal(2, h.OpenAi.Requests);
        var repair = UserText(h.OpenAi.Received.ElementAt(1));
        Assert.Contains("Your previous answer was rejected: work is missing 1 job(s) the text contains: "
                        + "Software Engineer at Globex (2016-03–2019-12). Include every job.", repair);
        Assert.Contains("A rule-based reading of the text found 2 job(s), 1 education entry and 5 skill(s).", repair);
        Assert.Equal(["Acme Corp", "Globex"], Companies(data));
        Assert.Equal(["Built the order pipeline"], data.Work[1].Highlights);
        // The repaired answer is what is cached: the same text again is answered without the vendor.
        var again = await client.PostAsJsonAsync("/api/v1/ai/extract", new { text = Text });
        Assert.Equal("hit", again.Headers.GetValues("X-AI-Cache").Single());
        Assert.Equal(2, h.OpenAi.Requests);
    }

    [Fact]
    public async Task When_the_repair_drops_it_too_the_parsers_job_is_merged_in_and_the_vendor_is_not_asked_again()
    {
        var (h, client) = await StartAsync();
        await using var _ = h;
        h.OpenAi!.Enqueue(Reply(Answer([Acme])), Reply(Answer([Acme])), Reply(Answer([Acme, Globex])));

        var data = await ExtractAsync(client);

        Assert.Equal(2, h.OpenAi.Requests);
        Assert.Equal(["Acme Corp", "Globex"], Companies(data));
        var globex = data.Work[1];
        Assert.Equal(
            ("Software Engineer", "2016-03", "2019-12", false),
            (globex.Position, globex.StartDate, globex.EndDate, globex.Current)
        );
        // The model's own entry is kept as the model wrote it.
        Assert.Equal(["Led the migration of the billing platform"], data.Work[0].Highlights);
    }

    [Fact]
    public async Task A_repair_that_makes_things_worse_is_not_used_and_an_invalid_repair_does_not_fail_the_request()
    {
        var (h, client) = await StartAsync();
        await using var _ = h;
        // Asked to add Globex, the model drops the skills as well: the first answer is the better one, completed.
        h.OpenAi!.Enqueue(Reply(Answer([Acme])), Reply(Answer([Acme], skills: Array.Empty<object>())));
        var worse = await ExtractAsync(client);
        Assert.Equal(["Acme Corp", "Globex"], Companies(worse));
        Assert.Equal("Backend", Assert.Single(worse.Skills).Name);

        // A repair that breaks the schema: the valid first answer, completed, instead of a 502.
        h.OpenAi.Enqueue(Reply(Answer([Globex])), Reply("""{"profile":{"name":"Jane Doe","age":42}}"""));
        var invalidRepair = await ExtractAsync(client, "?fresh=true");
        Assert.Equal(["Acme Corp", "Globex"], Companies(invalidRepair));
        Assert.Equal(4, h.OpenAi.Requests);
    }

    [Fact]
    public async Task An_invented_email_is_replaced_by_the_one_in_the_text_and_a_vendor_down_at_repair_costs_nothing()
    {
        var (h, client) = await StartAsync();
        await using var _ = h;
        h.OpenAi!.Enqueue(Reply(Answer([Acme, Globex], email: "jane@doe.com")), Status(503), Status(503), Status(503));

        var data = await ExtractAsync(client);

        Assert.Contains(
            "profile.email 'jane@doe.com' does not appear in the text.",
            UserText(h.OpenAi.Received.ElementAt(1))
        );
        Assert.Equal("jane.doe@example.com", data.Profile.Email);
        Assert.Equal(["Acme Corp", "Globex"], Companies(data));
        Assert.Equal("ok", await h.ScalarAsync<string>("SELECT outcome FROM ai_usage ORDER BY id DESC LIMIT 1"));
    }
}
