using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ResumePair.AiProxy.Tests.Support;
using ResumePair.Contracts.Documents;
using ResumePair.Testing;

namespace ResumePair.AiProxy.Tests;

/// <summary>
/// Every route through the real proxy with the default (offline) provider: it must be useful with no keys. Resumes
/// are created in, and read from, the real documents service by their owner.
/// </summary>
[Collection("infrastructure")]
public sealed class OfflineRoutesTests(InfrastructureFixture infra)
{
    private const string Resume = """
        {"profile":{"name":"Jane Doe","headline":"Backend Engineer","email":"jane@example.com",
          "summary":"Backend engineer building payment APIs."},
         "work":[{"company":"Acme Pay","position":"Senior Backend Engineer","startDate":"2019-03","current":true,
                  "highlights":["Built the payments API in C# and .NET serving 2M requests a day",
                    "Migrated services to PostgreSQL","Mentored four engineers"]},
                 {"company":"Shopline","position":"Software Engineer","startDate":"2016-01","endDate":"2019-02",
                   "highlights":["Developed checkout features"]}],
         "skills":[{"name":"Backend","keywords":["C#",".NET","PostgreSQL","REST"]}]}
        """;

    private const string Posting = """
        Senior Backend Engineer
        Join Acme Cloud, we are hiring a Senior Backend Engineer.
        You will design REST APIs in C# and .NET, run PostgreSQL and Kubernetes in production, and own observability.
        Requirements: C#, .NET, PostgreSQL, Kubernetes, Terraform, distributed systems. Kubernetes experience is a must.
        """;

    [Fact]
    public async Task Tailor_scores_the_match_in_code_and_lists_missing_keywords()
    {
        await using var h = await AiHarness.StartAsync(infra);
        var user = await h.UserAsync();
        var doc = await h.Documents.CreateResumeAsync(user, data: Resume);
        using var client = h.Client(user);

        var response = await client.PostAsJsonAsync(
            "/api/v1/ai/tailor",
            new { documentId = doc, jobDescription = Posting }
        );

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = (await response.Content.ReadFromJsonAsync<JsonElement>());
        var missing = body.GetProperty("missingKeywords").EnumerateArray().Select(k => k.GetString()).ToList();
        var matched = body.GetProperty("matchedKeywords").EnumerateArray().Select(k => k.GetString()).ToList();
        Assert.Contains("kubernetes", missing);
        Assert.Contains("terraform", missing);
        Assert.Contains("c#", matched);
        Assert.Contains("postgresql", matched);
        var score = body.GetProperty("matchScore").GetInt32();
        Assert.InRange(score, 1, 99);
        Assert.Contains(body.GetProperty("suggestions").EnumerateArray(), s => s.GetString()!.Contains("kubernetes"));
        Assert.Equal("offline", body.GetProperty("provider").GetString());
        Assert.Equal("99", response.Headers.GetValues("X-AI-Remaining-Today").Single());

        // Deterministic: the same resume and posting score the same (answered from the cache this time).
        var again = await (
            await client.PostAsJsonAsync("/api/v1/ai/tailor", new { documentId = doc, jobDescription = Posting })
        ).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(score, again.GetProperty("matchScore").GetInt32());
    }

    [Fact]
    public async Task Extract_turns_pasted_text_into_schema_valid_resume_data()
    {
        await using var h = await AiHarness.StartAsync(infra);
        using var client = h.Client(await h.UserAsync());
        const string pasted = """
            John Smith
            Senior Data Engineer
            john.smith@example.com | +44 20 7946 0958 | https://linkedin.com/in/jsmith

            SUMMARY
            Data engineer with ten years of pipelines.

            EXPERIENCE
            Lead Data Engineer at Contoso | Jan 2020 - Present
            - Built streaming ingestion for 5 TB/day
            - Cut warehouse costs by 30%
            Data Engineer, Fabrikam, 2015 - 2019
            - Wrote ETL jobs in Python

            EDUCATION
            University of Leeds | BSc in Computer Science | 2011 - 2014

            SKILLS
            Languages: Python, SQL, Scala
            Spark, Kafka, Airflow

            LANGUAGES
            English (native), German - fluent
            """;

        var response = await client.PostAsJsonAsync("/api/v1/ai/extract", new { text = pasted });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        var data = body.GetProperty("data").Deserialize<ResumeData>(JsonSerializerOptions.Web)!;
        Assert.Equal("John Smith", data.Profile.Name);
        Assert.Equal("Senior Data Engineer", data.Profile.Headline);
        Assert.Equal("john.smith@example.com", data.Profile.Email);
        Assert.Equal("Data engineer with ten years of pipelines.", data.Profile.Summary);
        Assert.Contains(data.Profile.Links, l => l.Label == "LinkedIn");
        Assert.Equal(2, data.Work.Count);
        Assert.Equal(
            ("Lead Data Engineer", "Contoso", "2020-01", true),
            (data.Work[0].Position, data.Work[0].Company, data.Work[0].StartDate, data.Work[0].Current)
        );
        Assert.Equal(2, data.Work[0].Highlights.Count);
        Assert.Equal(
            ("Data Engineer", "Fabrikam", "2015", "2019"),
            (data.Work[1].Position, data.Work[1].Company, data.Work[1].StartDate, data.Work[1].EndDate)
        );
        Assert.Equal(
            ("University of Leeds", "BSc", "Computer Science"),
            (data.Education[0].Institution, data.Education[0].StudyType, data.Education[0].Area)
        );
        Assert.Contains(data.Skills, s =>
            s.Name == "Languages" && s.Keywords.SequenceEqual(["Python", "SQL", "Scala"])
        );
        Assert.Contains(data.Skills, s => s.Name == "Kafka");
        Assert.Contains(data.Languages, l => l.Language == "German" && l.Fluency == "fluent");
        // The output is exactly the schema (strict: unknown fields would fail).
        Assert.Null(Features.SchemaValidator.Resume(body.GetProperty("data").GetRawText()).Error);
    }

    [Fact]
    public async Task Cover_letter_generate_and_enhance_answer_useful_content()
    {
        await using var h = await AiHarness.StartAsync(infra);
        var user = await h.UserAsync();
        var doc = await h.Documents.CreateResumeAsync(user, data: Resume);
        using var client = h.Client(user);

        var letter = await client.PostAsJsonAsync(
            "/api/v1/ai/cover-letter",
            new { documentId = doc, jobDescription = Posting }
        );
        Assert.Equal(HttpStatusCode.OK, letter.StatusCode);
        var data = (await letter.Content.ReadFromJsonAsync<JsonElement>())
            .GetProperty("data")
            .Deserialize<CoverLetterData>(JsonSerializerOptions.Web)!;
        Assert.Equal("Jane Doe", data.Sender.Name);
        Assert.Equal("Acme Cloud", data.Recipient.Company);
        Assert.Equal("Application for Senior Backend Engineer", data.Subject);
        Assert.Contains("Acme Pay", data.Paragraphs[0]);
        Assert.True(data.Paragraphs.Count >= 3);

        var summary = await client.PostAsJsonAsync(
            "/api/v1/ai/generate",
            new
            {
                documentId = doc,
                prompt = "focus on payments",
                section = "summary",
            }
        );
        Assert.Equal(HttpStatusCode.OK, summary.StatusCode);
        var text = (await summary.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("text").GetString()!;
        Assert.StartsWith("Backend Engineer with", text);
        Assert.Contains("Acme Pay", text);

        var enhanced = await client.PostAsJsonAsync(
            "/api/v1/ai/enhance",
            new { text = "- responsible for building the billing service\n- improved onboarding", style = "impact" }
        );
        var bullets = (await enhanced.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("bullets");
        Assert.Equal("Built the billing service", bullets[0].GetProperty("text").GetString());
        Assert.Equal(1, bullets[1].GetProperty("notes").GetArrayLength());
    }

    [Fact]
    public async Task Another_users_document_is_404_and_bad_input_is_400_with_field_errors()
    {
        await using var h = await AiHarness.StartAsync(infra);
        var doc = await h.Documents.CreateResumeAsync(await h.UserAsync(), data: Resume);
        using var stranger = h.Client(await h.UserAsync());

        var response = await stranger.PostAsJsonAsync(
            "/api/v1/ai/tailor",
            new { documentId = doc, jobDescription = "C# developer" }
        );
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);

        var invalid = await stranger.PostAsJsonAsync("/api/v1/ai/cover-letter", new { jobDescription = "" });
        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        var errors = (await invalid.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.True(errors.TryGetProperty("documentId", out _));
        Assert.True(errors.TryGetProperty("jobDescription", out _));
        Assert.True(invalid.Headers.Contains("X-AI-Remaining-Today"));

        using var anonymous = h.Proxy.CreateClient();
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/v1/ai/usage")).StatusCode);
    }

    [Fact]
    public async Task Streams_tokens_as_server_sent_events_then_the_result()
    {
        await using var h = await AiHarness.StartAsync(infra);
        using var client = h.Client(await h.UserAsync());
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/ai/enhance")
        {
            Content = JsonContent.Create(new { text = "worked on the mobile app" }),
        };
        request.Headers.Accept.ParseAdd("text/event-stream");

        using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);

        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        var events = ParseEvents(await response.Content.ReadAsStringAsync());
        var tokens = events
            .Where(e => e.Name == "token")
            .Select(e => JsonDocument.Parse(e.Data).RootElement.GetProperty("text").GetString())
            .ToList();
        Assert.True(tokens.Count >= 3);
        Assert.Equal("Developed the mobile app", string.Concat(tokens));
        var result = JsonDocument.Parse(events.Single(e => e.Name == "result").Data).RootElement;
        Assert.Equal("Developed the mobile app", result.GetProperty("text").GetString());
    }

    [Fact]
    public async Task Usage_reports_the_quota_and_stats_are_for_admins_only()
    {
        await using var h = await AiHarness.StartAsync(infra);
        using var client = h.Client(await h.UserAsync());
        await client.PostAsJsonAsync("/api/v1/ai/enhance", new { text = "made a dashboard" });
        await client.PostAsJsonAsync("/api/v1/ai/enhance", new { text = "made a dashboard" });

        var usage = await client.GetFromJsonAsync<JsonElement>("/api/v1/ai/usage");
        Assert.Equal(2, usage.GetProperty("usedToday").GetInt32());
        Assert.Equal(100, usage.GetProperty("dailyLimit").GetInt32());
        Assert.Equal(98, usage.GetProperty("remaining").GetInt32());
        Assert.Equal(
            DateTimeOffset.UtcNow.UtcDateTime.Date.AddDays(1),
            usage.GetProperty("resetsAt").GetDateTimeOffset().UtcDateTime
        );

        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync("/api/v1/ai/stats")).StatusCode);
        using var admin = h.Client(await h.UserAsync(admin: true));
        var stats = await admin.GetFromJsonAsync<JsonElement>("/api/v1/ai/stats");
        Assert.Equal(2, stats.GetProperty("requests").GetInt64());
        Assert.Equal(1, stats.GetProperty("cacheHits").GetInt64());
        Assert.Equal(1, stats.GetProperty("users").GetInt64());
        var enhance = stats.GetProperty("byFeature").EnumerateArray().Single();
        Assert.Equal(
            ("enhance", "offline", "rules-v1"),
            (
                enhance.GetProperty("feature").GetString(),
                enhance.GetProperty("provider").GetString(),
                enhance.GetProperty("model").GetString()
            )
        );
    }

    internal static List<(string Name, string Data)> ParseEvents(string stream) =>
        stream
            .Split("\n\n", StringSplitOptions.RemoveEmptyEntries)
            .Select(block => block.Split('\n'))
            .Select(lines =>
                (
                    lines.First(l => l.StartsWith("event: ")).Substring(7),
                    string.Join('\n', lines.Where(l => l.StartsWith("data: ")).Select(l => l[6..]))
                )
            )
            .ToList();
}
