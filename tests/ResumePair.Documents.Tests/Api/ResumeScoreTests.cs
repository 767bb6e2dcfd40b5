using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using ResumePair.Documents.Tests.Support;
using Xunit;

namespace ResumePair.Documents.Tests.Api;

[Collection(DocumentsServiceCollection.Name)]
public sealed class ResumeScoreTests(DocumentsServiceFixture service)
{
    private const string Url = "/api/v1/documents";

    [Fact]
    public async Task The_score_is_memoised_per_version_and_follows_each_edit()
    {
        using var client = await service.SignedInClientAsync();
        var id = await CreateAsync(client, "resume", new { profile = new { name = "Ann", email = "ann@example.com" } });

        var first = await client.GetAsync($"{Url}/{id}/score");
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal("miss", first.Headers.GetValues("X-Score-Cache").Single());
        Assert.Equal("10", first.Headers.GetValues("RateLimit-Limit").Single());
        var body = await first.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal((1L, 100), (body.GetProperty("version").GetInt64(), body.GetProperty("maxScore").GetInt32()));
        var reasons = body.GetProperty("reasons").EnumerateArray().ToList();
        Assert.Contains(reasons, r =>
            r.GetProperty("id").GetString() == "contact.phone"
            && !r.GetProperty("passed").GetBoolean()
            && r.GetProperty("path").GetString() == "data.profile.phone"
        );

        var again = await client.GetAsync($"{Url}/{id}/score");
        Assert.Equal("hit", again.Headers.GetValues("X-Score-Cache").Single());
        Assert.Equal(
            body.GetProperty("score").GetInt32(),
            (await again.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("score").GetInt32()
        );

        var patch = new HttpRequestMessage(HttpMethod.Patch, $"{Url}/{id}")
        {
            Content = new StringContent(
                """{"data":{"profile":{"phone":"+1 555 0100"}}}""",
                Encoding.UTF8,
                "application/merge-patch+json"
            ),
        };
        patch.Headers.IfMatch.Add(new EntityTagHeaderValue("\"1\""));
        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(patch)).StatusCode);

        var edited = await client.GetAsync($"{Url}/{id}/score");
        Assert.Equal("miss", edited.Headers.GetValues("X-Score-Cache").Single());
        var after = await edited.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(2L, after.GetProperty("version").GetInt64());
        // the phone's 3 points
        Assert.Equal(body.GetProperty("score").GetInt32() + 3, after.GetProperty("score").GetInt32());
    }

    [Fact]
    public async Task Ten_scores_a_minute_then_429_with_Retry_After_as_problem_details()
    {
        using var client = await service.SignedInClientAsync();
        var id = await CreateAsync(client, "resume", new { profile = new { name = "Ann" } });
        for (var i = 0; i < 10; i++)
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"{Url}/{id}/score")).StatusCode);

        var limited = await client.GetAsync($"{Url}/{id}/score");

        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.InRange(int.Parse(limited.Headers.GetValues("Retry-After").Single()), 1, 60);
        Assert.Equal("0", limited.Headers.GetValues("RateLimit-Remaining").Single());
        Assert.Equal("application/problem+json", limited.Content.Headers.ContentType?.MediaType);
        Assert.Equal(429, (await limited.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetInt32());

        // The limit is the user's: someone else still gets scores.
        using var other = await service.SignedInClientAsync();
        var theirs = await CreateAsync(other, "resume", new { profile = new { name = "Bo" } });
        Assert.Equal(HttpStatusCode.OK, (await other.GetAsync($"{Url}/{theirs}/score")).StatusCode);
    }

    [Fact]
    public async Task Only_the_owner_scores_a_resume_and_a_cover_letter_has_no_score()
    {
        using var owner = await service.SignedInClientAsync();
        var id = await CreateAsync(owner, "resume", new { profile = new { name = "Ann" } });
        using var other = await service.SignedInClientAsync();

        var foreign = await other.GetAsync($"{Url}/{id}/score");
        Assert.Equal(HttpStatusCode.NotFound, foreign.StatusCode);
        Assert.Equal("application/problem+json", foreign.Content.Headers.ContentType?.MediaType);

        var letter = await CreateAsync(
            owner,
            "cover_letter",
            new
            {
                sender = new { name = "Ann" },
                recipient = new { },
                paragraphs = new[] { "Hello" },
            }
        );
        var refused = await owner.GetAsync($"{Url}/{letter}/score");
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
    }

    private static async Task<string> CreateAsync(HttpClient client, string type, object data)
    {
        var created = await client.PostAsJsonAsync(Url, new { type, title = "Doc", data });
        Assert.True(created.StatusCode == HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
        return (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
    }
}
