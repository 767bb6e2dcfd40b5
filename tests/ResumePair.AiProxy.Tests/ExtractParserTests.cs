using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ResumePair.AiProxy.Providers.Parsing;
using ResumePair.AiProxy.Tests.Support;
using ResumePair.Contracts.Documents;
using ResumePair.Testing;

namespace ResumePair.AiProxy.Tests;

/// <summary>
/// The offline parser on the inputs issue #16 reported wrong, through the real proxy's HTTP route, and its date and
/// heading rules in isolation. The corpus's scores are held by ExportOrchestrator.Tests' CorpusTests.
/// </summary>
[Collection("infrastructure")]
public sealed class ExtractParserTests(InfrastructureFixture infra)
{
    private static async Task<(ResumeData Data, List<string> Unplaced)> ExtractAsync(HttpClient client, string text)
    {
        var response = await client.PostAsJsonAsync("/api/v1/ai/extract", new { text });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("offline", body.GetProperty("provider").GetString());
        return (body.GetProperty("data").Deserialize<ResumeData>(JsonSerializerOptions.Web)!,
            body.GetProperty("unplaced").EnumerateArray().Select(e => e.GetString()!).ToList());
    }

    [Fact]
    public async Task The_issue_example_comes_out_right_with_nothing_guessed()
    {
        await using var h = await AiHarness.StartAsync(infra);
        using var client = h.Client(await h.UserAsync());

        var (data, unplaced) = await ExtractAsync(client, """
            Jane Doe
            Senior Data Engineer at Acme Corp (2020-2024)
            - Built streaming pipelines on Kafka
            Education: BSc Mathematics, University of Leeds, 2016
            Skills: Python, SQL, Spark
            """);

        Assert.Equal("Jane Doe", data.Profile.Name);
        // Reported wrong before: headline "- Built streaming…", phone "(2020-2024", location "SQL, Spark".
        Assert.Null(data.Profile.Headline);
        Assert.Null(data.Profile.Phone);
        Assert.Null(data.Profile.Location);
        var job = Assert.Single(data.Work);
        Assert.Equal(("Senior Data Engineer", "Acme Corp", "2020", "2024", false),
            (job.Position, job.Company, job.StartDate, job.EndDate, job.Current));
        Assert.Equal(["Built streaming pipelines on Kafka"], job.Highlights);
        var school = Assert.Single(data.Education);
        Assert.Equal(
            ("University of Leeds", "BSc", "Mathematics", "2016"),
            (school.Institution, school.StudyType, school.Area, school.EndDate)
        );
        Assert.Equal(["Python", "SQL", "Spark"], data.Skills.Select(s => s.Name));
        Assert.Empty(unplaced);
    }

    [Fact]
    public async Task An_old_export_with_letter_spaced_headings_and_a_wrapped_url_is_read_whole()
    {
        await using var h = await AiHarness.StartAsync(infra);
        using var client = h.Client(await h.UserAsync());

        // What pdftotext made of a ResumePair PDF before the templates stopped letter-spacing their headings.
        var (data, unplaced) = await ExtractAsync(client, """
            Zoe Lindqvist
            zoe@example.com · +46 70 123 45 67 · Stockholm, Sweden · https://github.com/zoe-
            lindqvist
            SU M M A RY
            Data engineer.
            EXPER IEN C E
            Data Engineer, Spotify AB   2015-04 to 2019-03
            • Built the royalty pipeline
            ED U C ATION
            KTH Royal Institute of Technology   2010 – 2015
            MSc in Computer Science
            SK ILLS
            Python, Scala
            VOLU N TEERIN G
            Code Club mentor
            """);

        Assert.Equal("Data engineer.", data.Profile.Summary);
        Assert.Equal("https://github.com/zoe-lindqvist", Assert.Single(data.Profile.Links).Url);
        Assert.Equal("Stockholm, Sweden", data.Profile.Location);
        Assert.Equal("+46 70 123 45 67", data.Profile.Phone);
        var job = Assert.Single(data.Work);
        Assert.Equal(
            ("Data Engineer", "Spotify AB", "2015-04", "2019-03"),
            (job.Position, job.Company, job.StartDate, job.EndDate)
        );
        Assert.Null(job.Location);
        Assert.Equal("KTH Royal Institute of Technology", Assert.Single(data.Education).Institution);
        Assert.Equal(["Python", "Scala"], data.Skills.Select(s => s.Name));
        Assert.Equal("Volunteering", Assert.Single(data.CustomSections).Title);
        Assert.DoesNotContain(data.CustomSections, c => c.Title.Contains(' '));
        Assert.Empty(unplaced);
    }

    [Fact]
    public async Task Lines_it_cannot_place_are_returned_not_guessed()
    {
        await using var h = await AiHarness.StartAsync(infra);
        using var client = h.Client(await h.UserAsync());

        var (data, unplaced) = await ExtractAsync(client, """
            Max Mustermann
            max@example.de
            Ich arbeite gern im Team und lerne schnell neue Dinge.
            Berufserfahrung
            Freiberuflich tätig
            """);

        Assert.Equal("Max Mustermann", data.Profile.Name);
        Assert.Null(data.Profile.Location);
        Assert.Empty(data.Work);
        Assert.Contains("Ich arbeite gern im Team und lerne schnell neue Dinge.", unplaced);
        Assert.Contains("Freiberuflich tätig", unplaced);
    }

    [Theory]
    [InlineData("03/2019 – present", "2019-03", null, true)]
    [InlineData("Mar 2019 - Now", "2019-03", null, true)]
    [InlineData("2019–2021", "2019", "2021", false)]
    [InlineData("seit 2020", "2020", null, true)]
    [InlineData("2015-04 to 2019-03", "2015-04", "2019-03", false)]
    [InlineData("März 2019 – Juni 2021", "2019-03", "2021-06", false)]
    [InlineData("janv. 2018 – aujourd'hui", "2018-01", null, true)]
    [InlineData("depuis 2021", "2021", null, true)]
    [InlineData("ene. 2019 - actualidad", "2019-01", null, true)]
    [InlineData("Jan. 2018 – Dec. 2020", "2018-01", "2020-12", false)]
    [InlineData("2021 - 2019", "2021", null, false)]
    public void Date_ranges_are_read_in_four_languages(string text, string start, string? end, bool current)
    {
        var span = DateRanges.FindRange("Engineer, Acme   " + text);
        Assert.NotNull(span);
        Assert.Equal((start, end, current), (span.Start, span.End, span.Current));
    }

    [Theory]
    [InlineData("Berufserfahrung", SectionKind.Work)]
    [InlineData("EXPÉRIENCE PROFESSIONNELLE", SectionKind.Work)]
    [InlineData("Experiencia laboral:", SectionKind.Work)]
    [InlineData("Work History", SectionKind.Work)]
    [InlineData("EXPER IEN C E", SectionKind.Work)]
    [InlineData("Formación académica", SectionKind.Education)]
    [InlineData("Sprachkenntnisse", SectionKind.Languages)]
    [InlineData("Compétences", SectionKind.Skills)]
    public void Headings_are_known_in_four_languages_and_letter_spaced(string heading, SectionKind kind) =>
        Assert.Equal(kind, Vocabulary.HeadingKind(heading.TrimEnd(':')));

    [Theory]
    [InlineData("(2020-2024")]
    [InlineData("2015-04 to 2019-03")]
    [InlineData("03/2019 – 06/2021")]
    public void A_date_range_is_never_a_phone(string text) => Assert.False(ProfileParser.IsPhone(text));
}
