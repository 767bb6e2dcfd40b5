using System.Text;
using System.Text.Json;
using ResumePair.Documents.Documents;
using Xunit;

namespace ResumePair.Documents.Tests.Unit;

public sealed class DocumentValidatorTests
{
    private static ValidationOutcome Validate(string json) => DocumentValidator.Validate(Encoding.UTF8.GetBytes(json));

    private static string Resume(string data) => $$"""{"type":"resume","title":"CV","data":{{data}}}""";

    [Fact]
    public void A_minimal_resume_is_valid_and_normalized()
    {
        var outcome = Validate(Resume("""{"profile":{"name":"  Ann  "}}"""));
        Assert.True(
            outcome.IsValid,
            string.Join("; ", outcome.Errors.Select(e => $"{e.Key}: {string.Join(",", e.Value)}"))
        );
        using var data = JsonDocument.Parse(outcome.Document!.Data);
        Assert.Equal(JsonValueKind.Array, data.RootElement.GetProperty("work").ValueKind); // defaults filled in
        Assert.False(data.RootElement.GetProperty("profile").TryGetProperty("headline", out _)); // nulls left out
    }

    [Fact]
    public void A_full_cover_letter_is_valid()
    {
        var outcome = Validate(
            """
            {"type":"cover_letter","title":"Letter","data":{"sender":{"name":"Ann","links":[{"label":"Site",
              "url":"https://a.example"}]},
             "recipient":{"company":"Acme"},"date":"2026-11-22","paragraphs":["One","Two"],"closing":"Regards"}}
            """
        );
        Assert.True(outcome.IsValid);
        Assert.Equal("cover_letter", outcome.Document!.Type);
    }

    [Theory]
    [InlineData("""{"profile":{"name":""}}""", "data.profile.name")]
    [InlineData("""{"profile":{"name":"A","extra":1}}""", "data.profile.extra")]
    [InlineData("""{"profile":{"name":null}}""", "data.profile.name")]
    [InlineData("""{"profile":{"name":"A"},"work":[{"startDate":"2020-02-30"}]}""", "data.work[0].startDate")]
    [InlineData("""{"profile":{"name":"A"},"work":[{"startDate":"March 2020"}]}""", "data.work[0].startDate")]
    [InlineData(
        """{"profile":{"name":"A"},"work":[{"startDate":"2021","endDate":"2020-05"}]}""",
        "data.work[0].endDate"
    )]
    [InlineData("""{"profile":{"name":"A"},"work":[{"current":"yes"}]}""", "data.work[0].current")]
    [InlineData("""{"profile":{"name":"A"},"work":[null]}""", "data.work[0]")]
    [InlineData("""{"profile":{"name":"A"},"work":[{"highlights":["ok",null]}]}""", "data.work[0].highlights[1]")]
    [InlineData("""{"profile":{"name":"A","website":"ftp://example.com"}}""", "data.profile.website")]
    [InlineData("""{"profile":{"name":"A","links":[{"label":"x"}]}}""", "data.profile.links[0].url")]
    [InlineData("""{"profile":{"name":"A"},"skills":[{"name":"C#","level":"guru"}]}""", "data.skills[0].level")]
    [InlineData("""{"profile":{"name":"A"},"skills":{"name":"C#"}}""", "data.skills")]
    [InlineData("""{"profile":{"name":"A"},"Profile":{}}""", "data.Profile")]
    [InlineData("""{"profile":{"name":"A"},"profile":{"name":"B"}}""", "data.profile")]
    [InlineData(
        """{"profile":{"name":"A"},"customSections":[{"title":"T","items":[{"date":"20-01"}]}]}""",
        "data.customSections[0].items[0].date"
    )]
    public void Resume_problems_are_reported_by_field_path(string data, string path)
    {
        var outcome = Validate(Resume(data));
        Assert.False(outcome.IsValid);
        Assert.Contains(path, outcome.Errors.Keys);
    }

    [Fact]
    public void Length_caps_apply()
    {
        var outcome = Validate(
            Resume($$$"""{"profile":{"name":"{{{new string('a', 201)}}}","summary":"{{{new string('b', 5001)}}}"}}""")
        );
        Assert.Contains("data.profile.name", outcome.Errors.Keys);
        Assert.Contains("data.profile.summary", outcome.Errors.Keys);
    }

    [Theory]
    [InlineData("""{"title":"CV","data":{}}""", "type")]
    [InlineData("""{"type":"resume","data":{"profile":{"name":"A"}}}""", "title")]
    [InlineData("""{"type":"resume","title":"   ","data":{"profile":{"name":"A"}}}""", "title")]
    [InlineData("""{"type":"resume","title":"CV"}""", "data")]
    [InlineData("""{"type":"resume","title":"CV","data":[]}""", "data")]
    [InlineData("""{"type":"resume","title":"CV","data":{"profile":{"name":"A"}},"id":"x"}""", "id")]
    [InlineData("""{"type":"resume","type":"resume","title":"CV","data":{"profile":{"name":"A"}}}""", "type")]
    [InlineData("""[]""", "")]
    public void Envelope_problems_are_reported_by_field(string json, string path)
    {
        var outcome = Validate(json);
        Assert.False(outcome.IsValid);
        Assert.Contains(path, outcome.Errors.Keys);
    }

    [Fact]
    public void Messages_do_not_leak_dotnet_type_names()
    {
        var outcome = Validate(Resume("""{"profile":{"name":"A"},"work":[{"company":5}]}"""));
        var message = Assert.Single(outcome.Errors["data.work[0].company"]);
        Assert.DoesNotContain("System.", message);
    }

    // The rules themselves are tested in ResumePair.Contracts.Tests; this is the one this service changed by sharing
    // them.
    [Fact]
    public void A_cover_letter_may_have_no_paragraphs_yet_but_not_a_blank_one()
    {
        Assert.True(Validate("""{"type":"cover_letter","title":"L","data":{"paragraphs":[]}}""").IsValid);
        var outcome = Validate("""{"type":"cover_letter","title":"L","data":{"paragraphs":["Dear team,"," "]}}""");
        Assert.Equal(["Must not be empty."], outcome.Errors["data.paragraphs[1]"]);
    }
}
