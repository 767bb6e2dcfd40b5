using ResumePair.Contracts.Documents;
using ResumePair.Contracts.Documents.Validation;
using Xunit;

namespace ResumePair.Contracts.Tests;

public sealed class ResumeValidatorTests
{
    private static readonly Profile Ann = new() { Name = "Ann" };

    private static Dictionary<string, string[]> Validate(ResumeData resume, string root = "data") =>
        ResumeValidator.Validate(resume, root);

    [Fact]
    public void A_resume_with_only_a_name_is_valid()
    {
        Assert.Empty(Validate(new ResumeData { Profile = Ann }));
    }

    [Fact]
    public void The_profile_name_is_required()
    {
        var errors = Validate(new ResumeData { Profile = new() { Name = "  " } });
        Assert.Equal(["Is required."], errors["data.profile.name"]);
    }

    [Fact]
    public void Every_problem_is_reported_by_its_path_not_just_the_first()
    {
        var errors = Validate(
            new ResumeData
            {
                Profile = Ann with { Email = "ann at example.com", Website = "javascript:alert(1)" },
                Work =
                [
                    new WorkEntry { StartDate = "2021", EndDate = "2020-05" },
                    new WorkEntry { StartDate = "2020-02-30" },
                ],
                Skills = [new Skill { Name = "C#", Level = "guru" }],
            }
        );
        Assert.Equal(
            [
                "data.profile.email",
                "data.profile.website",
                "data.skills[0].level",
                "data.work[0].endDate",
                "data.work[1].startDate",
            ],
            errors.Keys.Order(StringComparer.Ordinal)
        );
        Assert.Equal(["Must not be before startDate."], errors["data.work[0].endDate"]);
    }

    [Theory]
    [InlineData("2020", "2020-01", true)]    // same year: fine at the shorter precision
    [InlineData("2020-06", "2020", true)]
    [InlineData("2020-06-02", "2020-06-01", false)]
    [InlineData("2021", "2020-12", false)]
    public void The_end_of_a_period_is_compared_at_the_shorter_precision(string start, string end, bool valid)
    {
        var errors = Validate(
            new ResumeData
            {
                Profile = Ann,
                Projects =
                [
                    new ProjectEntry
                    {
                        Name = "P",
                        StartDate = start,
                        EndDate = end,
                    },
                ],
            }
        );
        Assert.Equal(valid, !errors.ContainsKey("data.projects[0].endDate"));
    }

    // The caps ai-proxy used to miss: 200 on short fields, 2,048 on URLs, 5,000 on summaries.
    [Fact]
    public void Short_fields_are_capped_at_200_characters()
    {
        var errors = Validate(
            new ResumeData
            {
                Profile = Ann with { Headline = new string('h', DocumentLimits.Short + 1) },
                Work =
                [
                    new WorkEntry
                    {
                        Company = new string('c', DocumentLimits.Short + 1),
                        Position = new string('p', DocumentLimits.Short),
                    },
                ],
            }
        );
        Assert.Equal(["data.profile.headline", "data.work[0].company"], errors.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(["Must be at most 200 characters."], errors["data.work[0].company"]);
    }

    [Fact]
    public void Urls_are_capped_at_2048_characters()
    {
        var url = "https://example.com/" + new string('a', DocumentLimits.Url);
        var errors = Validate(new ResumeData { Profile = Ann with { Links = [new Link("Site", url)] } });
        Assert.Equal(["Must be at most 2048 characters."], errors["data.profile.links[0].url"]);
    }

    [Fact]
    public void Summaries_are_capped_at_5000_characters()
    {
        var errors = Validate(
            new ResumeData { Profile = Ann with { Summary = new string('s', DocumentLimits.Long + 1) } }
        );
        Assert.Contains("data.profile.summary", errors.Keys);
        Assert.Empty(
            Validate(new ResumeData { Profile = Ann with { Summary = new string('s', DocumentLimits.Long) } })
        );
    }

    [Fact]
    public void Lists_are_capped_and_null_entries_refused()
    {
        var errors = Validate(new ResumeData
        {
            Profile = Ann,
            Skills = Enumerable.Range(0, DocumentLimits.Items + 1).Select(i => new Skill { Name = $"s{i}" }).ToList(),
            Work = [new WorkEntry { Highlights = ["ok", null!] }],
            Languages = [null!],
        });
        Assert.Equal(["Must have at most 100 entries."], errors["data.skills"]);
        Assert.Equal(["Must not be null."], errors["data.work[0].highlights[1]"]);
        Assert.Equal(["Must not be null."], errors["data.languages[0]"]);
    }

    [Fact]
    public void A_link_needs_a_url()
    {
        var errors = Validate(new ResumeData { Profile = Ann with { Links = [new Link("Site", " ")] } });
        Assert.Equal(["Must be an absolute http or https URL.", "Is required."], errors["data.profile.links[0].url"]);
    }

    [Fact]
    public void With_an_empty_root_paths_start_at_the_field()
    {
        var errors = Validate(
            new ResumeData
            {
                Profile = new() { Name = "" },
                Certifications = [new Certification { Name = "X", Date = "May 2020" }],
            },
            root: ""
        );
        Assert.Equal(["certifications[0].date", "profile.name"], errors.Keys.Order(StringComparer.Ordinal));
    }
}
