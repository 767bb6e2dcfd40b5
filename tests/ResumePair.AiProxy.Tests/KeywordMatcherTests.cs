using ResumePair.AiProxy.Features;

namespace ResumePair.AiProxy.Tests;

public sealed class KeywordMatcherTests
{
    [Fact]
    public void Extracts_tech_terms_and_phrases_without_filler()
    {
        var keywords = KeywordMatcher.Extract("""
            We are looking for a strong engineer with 5+ years of experience in C#, .NET and Node.js.
            You will build CI/CD pipelines, apply machine learning, and work with our team on machine learning models.
            """).Select(k => k.Keyword).ToList();

        Assert.Contains("c#", keywords);
        Assert.Contains(".net", keywords);
        Assert.Contains("node.js", keywords);
        Assert.Contains("ci/cd", keywords);
        Assert.Equal("machine learning", keywords[0]); // mentioned twice
        Assert.DoesNotContain("experience", keywords);
        Assert.DoesNotContain("strong", keywords);
        Assert.DoesNotContain("team", keywords);
        Assert.DoesNotContain("5+", keywords);
    }

    [Fact]
    public void Score_is_the_weighted_share_of_keywords_the_resume_covers()
    {
        const string posting = "Kubernetes Kubernetes Terraform PostgreSQL";
        var match = KeywordMatcher.Match(posting, "Ran PostgreSQL clusters on Kubernetes.");

        Assert.Equal(["kubernetes", "postgresql"], match.Matched);
        Assert.Equal(["terraform"], match.Missing);
        Assert.Equal(75, match.Score); // 3 of 4 weighted mentions
        var again = KeywordMatcher.Match(posting, "Ran PostgreSQL clusters on Kubernetes.");
        Assert.Equal(match.Score, again.Score); // deterministic
        Assert.Equal(match.Missing, again.Missing);
    }

    [Fact]
    public void Plurals_match_and_an_empty_posting_scores_zero()
    {
        Assert.Equal(100, KeywordMatcher.Match("REST APIs", "Designed a REST API").Score);
        Assert.Equal(0, KeywordMatcher.Match("the and of", "anything").Score);
    }
}
