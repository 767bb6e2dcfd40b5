using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using ResumePair.Documents.Tests.Support;
using Xunit;

namespace ResumePair.Documents.Tests.Api;

[Collection(DocumentsServiceCollection.Name)]
public sealed class JsonResumeTests(DocumentsServiceFixture service)
{
    // Shaped like the jsonresume.org sample, with the variations real files have.
    private static readonly JsonNode Sample = JsonNode.Parse(
        """
        {
          "basics": {
            "name": "Richard Hendriks", "label": "Programmer", "image": "", "email": "richard@piedpiper.example",
            "url": "http://richardhendricks.example.com", "summary": "Richard hails from Tulsa.",
            "location": { "address": "2712 Broadway St", "city": "San Francisco", "countryCode": "US",
              "region": "California" },
            "profiles": [ { "network": "Twitter", "username": "neutralthoughts",
              "url": "https://twitter.example/neutralthoughts" },
                          { "network": "SoundCloud", "username": "dandymusicnl" } ]
          },
          "work": [ { "name": "Pied Piper", "position": "CEO/President", "url": "http://piedpiper.example",
                      "startDate": "2013-12-01T00:00:00.000Z", "summary": "Pied Piper is a compression company.",
                      "highlights": ["Build an algorithm", "Won Disrupt"] } ],
          "volunteer": [ { "organization": "CoderDojo", "position": "Teacher", "startDate": "2012-01-01",
            "endDate": "2013-01-01" } ],
          "education": [ { "institution": "University of Oklahoma", "area": "Information Technology",
            "studyType": "Bachelor",
                           "startDate": "2011-06-01", "endDate": "2014-01-01", "score": "4.0",
                             "courses": ["DB1101 - Basic SQL"] } ],
          "awards": [ { "title": "Digital Compression Pioneer Award", "date": "2014-11-01", "awarder": "Techcrunch" } ],
          "skills": [ { "name": "Web Development", "level": "Master", "keywords": ["HTML", "CSS"] } ],
          "languages": [ { "language": "English", "fluency": "Native speaker" } ],
          "interests": [ { "name": "Wildlife", "keywords": ["Ferrets", "Unicorns"] } ],
          "meta": { "theme": "elegant" }
        }
        """
    )!;

    [Fact]
    public async Task A_JSON_Resume_imports_as_a_valid_resume_and_exports_back()
    {
        using var client = await service.SignedInClientAsync();
        var import = await client.PostAsJsonAsync(
            "/api/v1/documents/import",
            new { format = "json-resume", data = Sample }
        );
        Assert.Equal(HttpStatusCode.Created, import.StatusCode);
        var doc = await import.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("resume", doc.GetProperty("type").GetString());
        Assert.Equal("Richard Hendriks (imported)", doc.GetProperty("title").GetString());
        var data = doc.GetProperty("data");
        Assert.Equal("Richard Hendriks", data.GetProperty("profile").GetProperty("name").GetString());
        // the link without a URL is dropped
        Assert.Equal(1, data.GetProperty("profile").GetProperty("links").GetArrayLength());
        var work = data.GetProperty("work")[0];
        Assert.Equal("Pied Piper", work.GetProperty("company").GetString());
        Assert.Equal("2013-12-01", work.GetProperty("startDate").GetString());
        Assert.True(work.GetProperty("current").GetBoolean());
        Assert.Equal("expert", data.GetProperty("skills")[0].GetProperty("level").GetString());
        // Volunteering, awards and interests are sections of their own, not custom sections.
        Assert.Equal("CoderDojo", data.GetProperty("volunteer")[0].GetProperty("organization").GetString());
        Assert.Equal("Techcrunch", data.GetProperty("awards")[0].GetProperty("awarder").GetString());
        Assert.Equal(
            ["Ferrets", "Unicorns"],
            data.GetProperty("interests")[0].GetProperty("keywords").EnumerateArray().Select(k => k.GetString())
        );
        Assert.Empty(data.GetProperty("customSections").EnumerateArray());
        var profile = data.GetProperty("profile");
        Assert.Equal("San Francisco", profile.GetProperty("location").GetString());
        Assert.Equal("2712 Broadway St", profile.GetProperty("address").GetString());
        Assert.Equal("US", profile.GetProperty("countryCode").GetString());
        Assert.Equal("neutralthoughts", profile.GetProperty("links")[0].GetProperty("username").GetString());

        var exported = await client.GetFromJsonAsync<JsonElement>(
            $"/api/v1/documents/{doc.GetProperty("id").GetString()}/json-resume"
        );
        Assert.Equal("Richard Hendriks", exported.GetProperty("basics").GetProperty("name").GetString());
        Assert.Equal("Pied Piper", exported.GetProperty("work")[0].GetProperty("name").GetString());
        Assert.Equal(
            "University of Oklahoma",
            exported.GetProperty("education")[0].GetProperty("institution").GetString()
        );
        Assert.Equal("Teacher", exported.GetProperty("volunteer")[0].GetProperty("position").GetString());
        Assert.Equal(
            "California",
            exported.GetProperty("basics").GetProperty("location").GetProperty("region").GetString()
        );
        Assert.False(exported.GetProperty("meta").TryGetProperty("resumepair", out _)); // nothing of ours to carry
    }

    [Fact]
    public async Task Import_needs_the_format_and_an_object()
    {
        using var client = await service.SignedInClientAsync();
        var response = await client.PostAsJsonAsync("/api/v1/documents/import", new { format = "europass", data = 5 });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.True(errors.TryGetProperty("format", out _));
        Assert.True(errors.TryGetProperty("data", out _));

        var nameless = await client.PostAsJsonAsync(
            "/api/v1/documents/import",
            new { format = "json-resume", data = new { work = Array.Empty<object>() } }
        );
        Assert.Equal(HttpStatusCode.BadRequest, nameless.StatusCode);
        Assert.True(
            (await nameless.Content.ReadFromJsonAsync<JsonElement>())
                .GetProperty("errors")
                .TryGetProperty("data.profile.name", out _)
        );
    }

    [Fact]
    public async Task Cover_letters_and_other_users_resumes_have_no_JSON_Resume()
    {
        using var client = await service.SignedInClientAsync();
        var letter = await client.PostAsJsonAsync(
            "/api/v1/documents",
            new
            {
                type = "cover_letter",
                title = "L",
                data = new { paragraphs = new[] { "Hi" } },
            }
        );
        var letterId = (await letter.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString();
        Assert.Equal(
            HttpStatusCode.NotFound,
            (await client.GetAsync($"/api/v1/documents/{letterId}/json-resume")).StatusCode
        );

        var resume = await client.PostAsJsonAsync(
            "/api/v1/documents/import",
            new { format = "json-resume", data = Sample }
        );
        var resumeId = (await resume.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString();
        using var other = await service.SignedInClientAsync();
        Assert.Equal(
            HttpStatusCode.NotFound,
            (await other.GetAsync($"/api/v1/documents/{resumeId}/json-resume")).StatusCode
        );
    }
}
