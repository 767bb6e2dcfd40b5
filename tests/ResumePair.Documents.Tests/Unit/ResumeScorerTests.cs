using System.Text.Json;
using ResumePair.Contracts.Documents;
using ResumePair.Documents.Scoring;
using ResumePair.Documents.Tests.Support;
using Xunit;

namespace ResumePair.Documents.Tests.Unit;

/// <summary>The score on fixed resumes: the exact score, the points per category and every reason with its
/// field.</summary>
public sealed class ResumeScorerTests
{
    private static ResumeData Parse(string json) =>
        JsonSerializer.Deserialize<ResumeData>(json, JsonSerializerOptions.Web)!;

    private static readonly Microsoft.Extensions.Localization.IStringLocalizer<ScoreTexts> Texts =
        Localizers.For<ScoreTexts>();

    private static string Message(ScoreReason reason) => ScoreTexts.Message(Texts, reason);

    // 32 × 10 words: the length check sees 300–800 words whatever else the resume says.
    private static readonly string LongSummary = string.Join(
        ' ',
        Enumerable.Repeat("Backend engineer who builds reliable payment systems for growing teams.", 32)
    );

    private static readonly string Strong = $$"""
        {
          "profile": { "name": "Ada Lovelace", "headline": "Backend engineer", "email": "ada@example.com",
            "phone": "+44 20 7946 0000",
                       "location": "London, UK", "website": "https://ada.example.com", "summary": "{{LongSummary}}" },
          "work": [
            { "position": "Lead engineer", "company": "Analytical Engines", "startDate": "2020-01",
              "highlights": ["Led a team of 6 engineers", "Cut payment latency by 40%", "Built the ledger service"] },
            { "position": "Engineer", "company": "Difference Ltd", "startDate": "2016", "endDate": "2019",
              "highlights": ["Shipped 12 releases a year"] }
          ],
          "education": [ { "institution": "University of London", "area": "Mathematics" } ],
          "skills": [ { "name": "C#" }, { "name": "PostgreSQL" } ]
        }
        """;

    private const string Weak = """
        {
          "profile": { "name": "Sam Doe", "email": "sam@example.com" },
          "work": [ { "position": "Clerk", "company": "Shop",
                      "highlights": ["Responsible for the till", "Helped customers ★ daily",
                        "Increased sales by 10%"] } ],
          "design": { "columns": 2 }
        }
        """;

    [Fact]
    public void A_complete_quantified_resume_scores_full_marks_with_nothing_to_fix()
    {
        var score = ResumeScorer.Score(Parse(Strong));

        Assert.Equal(100, score.Score);
        Assert.All(score.Categories, c => Assert.Equal(c.MaxPoints, c.Points));
        Assert.All(score.Reasons, r => Assert.True(r.Passed, r.Id + ": " + Message(r)));
        Assert.Equal(100, score.Categories.Sum(c => c.MaxPoints));
    }

    [Fact]
    public void A_thin_resume_gets_each_expected_reason_pointing_at_its_field()
    {
        var score = ResumeScorer.Score(Parse(Weak));

        Assert.Equal(
            [("contact", 7), ("sections", 7), ("achievements", 13), ("verbs", 6), ("length", 7), ("ats", 4)],
            score.Categories.Select(c => (c.Id, c.Points)));
        Assert.Equal(44, score.Score);
        Assert.Equal(
        [
            ("contact.phone", "data.profile.phone"),
            ("contact.location", "data.profile.location"),
            ("contact.link", "data.profile.website"),
            ("sections.summary", "data.profile.summary"),
            ("sections.education", "data.education"),
            ("sections.skills", "data.skills"),
            ("achievements.quantified", "data.work[0].highlights[0]"),
            ("achievements.unquantified", "data.work[0].highlights[0]"),
            ("achievements.unquantified", "data.work[0].highlights[1]"),
            ("verbs.action", "data.work[0].highlights[0]"),
            ("verbs.weak", "data.work[0].highlights[0]"),
            ("verbs.weak", "data.work[0].highlights[1]"),
            ("length.words", null),
            ("ats.dates", "data.work[0].startDate"),
            ("ats.headline", "data.profile.headline"),
            ("ats.symbols", "data.work[0].highlights[1]"),
            ("ats.columns", "data.design.columns"),
        ], score.Reasons.Where(r => !r.Passed).Select(r => (r.Id, r.Path)));
        Assert.Contains(score.Reasons, r => r.Id == "achievements.quantified"
            && Message(r).StartsWith("Only 1 of 3 highlights show a number", StringComparison.Ordinal));
        Assert.Contains(score.Reasons, r => r.Id == "length.words"
            && Message(r).StartsWith("13 words", StringComparison.Ordinal));
        Assert.Contains(score.Reasons, r => r.Id == "verbs.weak"
            && Message(r).Contains("not \"Responsible for\"", StringComparison.Ordinal));
    }

    [Fact]
    public void The_same_resume_always_gets_the_same_score()
    {
        var first = JsonSerializer.Serialize(ResumeScorer.Score(Parse(Weak)));
        var second = JsonSerializer.Serialize(ResumeScorer.Score(Parse(Weak)));
        Assert.Equal(first, second);
    }

    [Fact]
    public void Reasons_are_stored_as_keys_and_read_in_the_readers_language()
    {
        var score = ResumeScorer.Score(Parse(Weak));
        var quantified = score.Reasons.Single(r => r.Id == "achievements.quantified");
        Assert.Equal("achievements.quantified.fix", quantified.Text);
        Assert.Equal(["1", "3"], quantified.Args);

        using var german = Localizers.Culture("de");
        Assert.StartsWith("Nur 1 von 3 Erfolgen nennen eine Zahl", Message(quantified), StringComparison.Ordinal);
        Assert.Contains(score.Reasons, r => r.Id == "verbs.weak"
            && Message(r).Contains("nicht mit „Responsible for“", StringComparison.Ordinal));
        Assert.Equal("Vollständige Kontaktdaten", ScoreTexts.CategoryName(Texts, score.Categories[0]));
        // Every reason has its German words (a key missing from the German resources would read in English).
        Assert.All(score.Reasons, r => Assert.NotEqual(Message(r), English(r)));
    }

    private static string English(ScoreReason reason)
    {
        using var english = Localizers.Culture("en");
        return Message(reason);
    }
}
