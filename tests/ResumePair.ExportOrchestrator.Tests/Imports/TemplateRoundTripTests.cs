extern alias aiproxy;
using aiproxy::ResumePair.AiProxy.Providers.Parsing;
using ResumePair.Contracts.Documents;
using ResumePair.Testing.Imports;

namespace ResumePair.ExportOrchestrator.Tests.Imports;

/// <summary>
/// Our own exports come back whole: each template × page size (tests/corpus/templates, printed by Chromium from one
/// document) read as the import job reads it gives that document's work, education, skills, projects, languages,
/// certifications, links and custom sections, entry by entry with their text, not only the scored keys.
/// </summary>
public sealed class TemplateRoundTripTests
{
    public static TheoryData<string> Templates()
    {
        var data = new TheoryData<string>();
        foreach (var c in ImportCorpus.Load(ImportCorpus.TemplatesFolder)) data.Add(c.Name);
        return data;
    }

    [Theory]
    [MemberData(nameof(Templates))]
    public void An_exported_template_imports_as_the_document_it_printed(string name)
    {
        var c = ImportCorpus.Load(ImportCorpus.TemplatesFolder).Single(x => x.Name == name);
        var parsed = ResumeParser.Parse(CorpusTests.Read(c));
        var (e, a) = (c.Expected, parsed.Data);

        Assert.Equal(e.Profile.Name, a.Profile.Name);
        Assert.Equal(e.Profile.Headline, a.Profile.Headline);
        Assert.Equal(e.Profile.Email, a.Profile.Email);
        Assert.Equal(e.Profile.Phone, a.Profile.Phone);
        Assert.Equal(e.Profile.Summary, a.Profile.Summary);
        Assert.Equal(Links(e.Profile), Links(a.Profile));
        Assert.Equal(e.Work.Select(Work), a.Work.Select(Work));
        Assert.Equal(e.Education.Select(Education), a.Education.Select(Education));
        Assert.Equal(e.Skills.Select(Skill), a.Skills.Select(Skill));
        Assert.Equal(e.Projects.Select(Project), a.Projects.Select(Project));
        Assert.Equal(e.Languages.Select(l => $"{l.Language} ({l.Fluency})"), a.Languages.Select(l => $"{l.Language} ({l.Fluency})"));
        Assert.Equal(e.Certifications.Select(x => $"{x.Name} | {x.Issuer} | {x.Date}"),
            a.Certifications.Select(x => $"{x.Name} | {x.Issuer} | {x.Date}"));
        Assert.Equal(e.CustomSections.Select(Custom), a.CustomSections.Select(Custom));
        Assert.Empty(parsed.Unplaced);
    }

    private static string[] Links(Profile p) =>
        [.. p.Links.Select(l => CorpusScore.Url(l.Url)).Append(CorpusScore.Url(p.Website ?? "")).Order()];

    private static string Work(WorkEntry w) =>
        $"{w.Position} | {w.Company} | {w.StartDate} | {(w.Current ? "current" : w.EndDate)} | {w.Summary} | {string.Join(" / ", w.Highlights)}";

    private static string Education(EducationEntry x) =>
        $"{x.Institution} | {x.StudyType} | {x.Area} | {x.StartDate} | {x.EndDate} | {x.Score} | {string.Join(", ", x.Courses)}";

    private static string Skill(Skill s) => $"{s.Name} ({s.Level}): {string.Join(", ", s.Keywords)}";

    private static string Project(ProjectEntry p) =>
        $"{p.Name} | {p.Description} | {p.Url} | {p.StartDate} | {string.Join(" / ", p.Highlights)} | {string.Join(", ", p.Keywords)}";

    private static string Custom(CustomSection s) =>
        $"{s.Title}: {string.Join(" / ", s.Items.Select(i => $"{i.Title} | {i.Subtitle} | {i.Date}"))}";
}
