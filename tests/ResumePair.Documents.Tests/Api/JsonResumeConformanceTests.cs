using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using ResumePair.Documents.Tests.Support;
using ResumePair.Testing.JsonResume;
using Xunit;

namespace ResumePair.Documents.Tests.Api;

/// <summary>
/// JSON Resume conformance, judged by the format's own package (<see cref="OfficialJsonResume"/>: its samples and its
/// validator, run by Node): every official sample imports and exports back field for field, import → export → import
/// changes nothing, and values at the edges of the formats are either accepted by both validators or refused by ours
/// with a message that says why.
/// </summary>
[Collection(DocumentsServiceCollection.Name)]
public sealed class JsonResumeConformanceTests(DocumentsServiceFixture service)
{
    public static TheoryData<string> Samples() => new(OfficialJsonResume.Samples().Keys);

    [Theory]
    [MemberData(nameof(Samples))]
    public async Task An_official_sample_exports_back_as_it_was_and_reimports_unchanged(string name)
    {
        var original = OfficialJsonResume.Sample(name);
        Assert.Empty(await OfficialJsonResume.ValidateAsync(original));
        using var client = await service.SignedInClientAsync();

        var (id, data) = await ImportAsync(client, original);
        var exported = await ExportAsync(client, id);
        Assert.Empty(await OfficialJsonResume.ValidateAsync(exported));
        var expected = WithoutWhatWeDoNotKeep(original);
        var actual = WithoutWhatWeDoNotKeep(exported);
        Assert.True(JsonNode.DeepEquals(expected, actual), $"expected\n{expected}\nexported\n{actual}");

        var (_, again) = await ImportAsync(client, exported);
        Assert.True(JsonNode.DeepEquals(data, again), $"first import\n{data}\nsecond import\n{again}");
    }

    [Fact]
    public async Task Every_field_of_our_schema_survives_export_and_import_and_the_export_is_valid()
    {
        using var client = await service.SignedInClientAsync();
        var created = await client.PostAsJsonAsync(
            "/api/v1/documents",
            new
            {
                type = "resume",
                title = "Full",
                data = Full(),
            }
        );
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var doc = (await created.Content.ReadFromJsonAsync<JsonNode>())!;
        var exported = await ExportAsync(client, doc["id"]!.GetValue<string>());
        Assert.Empty(await OfficialJsonResume.ValidateAsync(exported));

        var (_, imported) = await ImportAsync(client, exported);
        Assert.True(JsonNode.DeepEquals(doc["data"], imported), $"saved\n{doc["data"]}\nre-imported\n{imported}");
    }

    /// <summary>Each value either passes our validator and then the official one on export, or ours refuses
    /// it.</summary>
    [Theory]
    [InlineData("email", "jane@example.com", null)]
    [InlineData("email", "jane.doe+cv@mail.example.co.uk", null)]
    [InlineData("email", "jane@localhost", "like name@example.com")]
    [InlineData("email", "jörg@example.de", "like name@example.com")]
    [InlineData("email", "jane@exa mple.com", "like name@example.com")]
    [InlineData("website", "https://bücher.example/straße?q=ä", null)]
    [InlineData("website", "http://xn--bcher-kva.example/", null)]
    [InlineData("website", "https://example.com/a b", "spaces")]
    [InlineData("website", "https://example.com/\u00a0x", "spaces")]
    [InlineData("website", "ftp://example.com/cv", "http or https")]
    [InlineData("startDate", "1899-05", null)]
    [InlineData("startDate", "2101", null)]
    [InlineData("startDate", "1000-01-01", null)]
    [InlineData("startDate", "2999-12", null)]
    [InlineData("startDate", "0999", "year must be from 1000 to 2999")]
    [InlineData("startDate", "3000-01", "year must be from 1000 to 2999")]
    [InlineData("startDate", "2023-02-30", "YYYY, YYYY-MM or YYYY-MM-DD")]
    public async Task An_edge_value_is_accepted_by_both_or_refused_by_us_with_a_clear_message(
        string field,
        string value,
        string? refusal
    )
    {
        using var client = await service.SignedInClientAsync();
        var data = new JsonObject { ["profile"] = new JsonObject { ["name"] = "Edge Case" } };
        string path;
        if (field == "startDate")
        {
            data["work"] = new JsonArray(
                new JsonObject
                {
                    ["company"] = "Acme",
                    ["position"] = "Engineer",
                    ["startDate"] = value,
                }
            );
            path = "data.work[0].startDate";
        }
        else
        {
            data["profile"]![field] = value;
            path = $"data.profile.{field}";
        }
        var response = await client.PostAsJsonAsync("/api/v1/documents", new { type = "resume", title = "Edge", data });
        if (refusal is not null)
        {
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            var errors = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
            var message = Assert.Single(errors.GetProperty(path).EnumerateArray()).GetString()!;
            Assert.Contains(refusal, message, StringComparison.OrdinalIgnoreCase);
            return;
        }
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var id = (await response.Content.ReadFromJsonAsync<JsonNode>())!["id"]!.GetValue<string>();
        var exported = await ExportAsync(client, id);
        Assert.Empty(await OfficialJsonResume.ValidateAsync(exported));
    }

    private static async Task<(string Id, JsonNode Data)> ImportAsync(HttpClient client, JsonNode resume)
    {
        var response = await client.PostAsJsonAsync(
            "/api/v1/documents/import",
            new { format = "json-resume", data = resume }
        );
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        var doc = (await response.Content.ReadFromJsonAsync<JsonNode>())!;
        return (doc["id"]!.GetValue<string>(), doc["data"]!.DeepClone());
    }

    private static async Task<JsonObject> ExportAsync(HttpClient client, string id) =>
        (await client.GetFromJsonAsync<JsonNode>($"/api/v1/documents/{id}/json-resume"))!.AsObject();

    /// <summary>
    /// What we deliberately do not keep: <c>basics.image</c> (photos are uploaded, not linked), <c>meta</c> (ours says
    /// when we exported it), and skill levels, which we read into our four (Master → expert).
    /// </summary>
    private static JsonObject WithoutWhatWeDoNotKeep(JsonObject resume)
    {
        var copy = resume.DeepClone().AsObject();
        copy.Remove("meta");
        (copy["basics"] as JsonObject)?.Remove("image");
        foreach (var skill in (copy["skills"] as JsonArray ?? new JsonArray()).OfType<JsonObject>())
            skill["level"] = skill["level"]?.GetValue<string>().ToLowerInvariant() switch
            {
                "master" => "expert",
                var level => level,
            };
        return copy;
    }

    /// <summary>A resume with every field of our schema filled, custom sections and design included.</summary>
    private static JsonObject Full() =>
        JsonNode
            .Parse(
                """
                {
                  "profile": { "name": "Zoë Adler", "headline": "Platform engineer", "email": "zoe@example.com",
                    "phone": "+49 30 1234",
                    "location": "Berlin", "address": "Torstraße 1", "postalCode": "10119", "region": "Berlin",
                      "countryCode": "DE",
                    "website": "https://zoë.example", "summary": "Builds platforms.",
                    "links": [ { "label": "GitHub", "url": "https://github.com/zoe", "username": "zoe" } ] },
                  "work": [ { "company": "Acme", "position": "Staff engineer", "location": "Remote",
                    "url": "https://acme.example",
                    "description": "Rockets", "startDate": "2020-02", "current": true,
                      "summary": "Leads the platform team.",
                    "highlights": ["Cut build times by 60%"] },
                    { "company": "Initech", "position": "Engineer", "startDate": "2015", "endDate": "2020-01" } ],
                  "education": [ { "institution": "TU Berlin", "url": "https://tu.berlin", "area": "Informatics",
                    "studyType": "MSc",
                    "location": "Berlin", "startDate": "2012-10", "endDate": "2015-09-30", "score": "1.3",
                      "courses": ["Compilers"] } ],
                  "skills": [ { "name": "Go", "level": "expert", "keywords": ["gRPC"] } ],
                  "projects": [ { "name": "raftd", "description": "Raft in Go", "url": "https://github.com/zoe/raftd",
                    "startDate": "2019",
                    "endDate": "2021", "highlights": ["Used in two courses"], "keywords": ["Go"], "roles": ["Author",
                      "Maintainer"],
                    "entity": "Acme", "type": "application" } ],
                  "certifications": [ { "name": "CKA", "issuer": "CNCF", "date": "2021-06",
                    "url": "https://cncf.io/cka" } ],
                  "languages": [ { "language": "German", "fluency": "Native" } ],
                  "volunteer": [ { "organization": "CoderDojo", "position": "Mentor",
                    "url": "https://coderdojo.example", "startDate": "2016",
                    "endDate": "2018", "summary": "Taught kids.", "highlights": ["Ran 40 sessions"] } ],
                  "awards": [ { "title": "Best paper", "date": "2019-10", "awarder": "OSDI",
                    "summary": "Consistency models." } ],
                  "publications": [ { "name": "Bounded staleness", "publisher": "USENIX", "releaseDate": "2019-10-01",
                    "url": "https://usenix.example/p", "summary": "A model." } ],
                  "interests": [ { "name": "Climbing", "keywords": ["Bouldering"] } ],
                  "references": [ { "name": "Ann Lee, CTO at Acme", "reference": "Zoë is excellent." } ],
                  "customSections": [ { "title": "Talks", "items": [ { "title": "Raft at scale",
                    "subtitle": "GopherCon", "date": "2022",
                    "description": "Keynote.", "highlights": ["500 attendees"] } ] } ],
                  "design": { "template": "modern-sidebar", "pageSize": "A4", "accentColor": "#1f5f7a",
                    "sectionOrder": ["work", "awards"] }
                }
                """
            )!
            .AsObject();
}
