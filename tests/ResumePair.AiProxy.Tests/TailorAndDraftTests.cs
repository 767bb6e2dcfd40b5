using ResumePair.AiProxy.Features;
using ResumePair.AiProxy.Providers;
using ResumePair.Contracts.Documents;

namespace ResumePair.AiProxy.Tests;

/// <summary>Tailor's missing keywords are things a person could add; offline drafts read as written for this
/// person.</summary>
public sealed class TailorAndDraftTests
{
    private const string Posting = """
        Senior Backend Engineer
        Join Monzo Bank and help us build event sourcing pipelines for payments. You will design deep integrations
        with Scala and Rust services, keep us PCI-DSS compliant, and run Kafka at scale. Monzo Bank is a great place.
        """;

    [Fact]
    public void Missing_keywords_leave_out_the_employer_and_filler_and_catch_technologies()
    {
        var match = KeywordMatcher.Match(
            Posting,
            "Built event-sourced ledgers in Go with Kafka.",
            OfflineDrafts.Company(Posting)
        );

        Assert.Equal("Monzo Bank", OfflineDrafts.Company(Posting));
        Assert.DoesNotContain(match.Keywords, k => k.Contains("monzo") || k.Contains("bank"));
        Assert.DoesNotContain("deep", match.Keywords);
        Assert.DoesNotContain("design", match.Keywords);
        Assert.Contains("scala", match.Missing);
        Assert.Contains("rust", match.Missing);
        Assert.Contains("pci-dss", match.Missing);
        // Word forms: the resume's "event-sourced" covers the posting's "event sourcing".
        Assert.Contains("event", match.Matched);
        Assert.Contains("sourcing", match.Matched);
        Assert.Contains("kafka", match.Matched);
        // Named technologies keep their place even when the posting's other words fill the keyword cap.
        var crowded = string.Join(
            ' ',
            Enumerable.Range(0, 40).Select(i => $"widget{(char)('a' + i % 26)}{i} widget{(char)('a' + i % 26)}{i}")
        );
        var capped = KeywordMatcher.Extract(crowded + " Scala Rust");
        Assert.Equal(KeywordMatcher.MaxKeywords, capped.Count);
        Assert.Contains(capped, k => k.Keyword == "scala");
        Assert.Contains(capped, k => k.Keyword == "rust");
    }

    [Fact]
    public void A_repeated_two_word_term_matches_its_hyphenated_word_forms()
    {
        var match = KeywordMatcher.Match(
            "event sourcing, event sourcing and more event sourcing",
            "Event-sourced ledger"
        );
        Assert.Contains("event sourcing", match.Keywords);
        Assert.Equal(match.Keywords, match.Matched);
        Assert.Equal(100, match.Score);
    }

    private static readonly ResumeData Ada = new()
    {
        Profile = new Profile { Name = "Ada", Headline = "Payments engineer" },
        Work =
        [
            new WorkEntry
            {
                Company = "Acme Pay", Position = "Backend engineer", StartDate = "2019-01",
                Highlights = ["responsible for building the settlement service", "Cut refund time by 40 %"],
            },
        ],
        Skills = [new Skill { Name = "Go", Keywords = ["Kafka", "PostgreSQL"] }],
    };

    [Theory]
    [InlineData("summary", "Write my summary for a senior backend role")]
    [InlineData("headline", "please draft a headline")]
    [InlineData("highlights", "Write three bullets for my latest job")]
    [InlineData("skills", "give me my skills")]
    public void A_draft_never_contains_the_instruction_and_uses_the_persons_own_facts(string section, string prompt)
    {
        var text = OfflineDrafts.Generate(new GenerateInput(prompt, section, Ada), new OfflineWritingAssistant());

        Assert.DoesNotContain(prompt, text, StringComparison.OrdinalIgnoreCase);
        foreach (var word in new[] { "write", "please", "draft", "give me" })
            Assert.DoesNotContain(word, text, StringComparison.OrdinalIgnoreCase);
        var own = section switch
        {
            "summary" => ["Payments engineer", "Acme Pay", "Kafka", "40 %", "senior backend"],
            "headline" => ["Backend engineer", "Kafka"],
            "highlights" => ["Built the settlement service", "40 %"],
            _ => new[] { "Go", "Kafka", "PostgreSQL" },
        };
        foreach (var fact in own) Assert.Contains(fact, text, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Notes_are_turned_into_bullets()
    {
        var text = OfflineDrafts.Generate(
            new GenerateInput("worked on the mobile app. cut crashes by 30%", "highlights", Ada),
            new OfflineWritingAssistant()
        );
        Assert.Equal("- Developed the mobile app\n- Cut crashes by 30%", text);
    }
}
