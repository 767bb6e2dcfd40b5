using ResumePair.Contracts.Documents;
using ResumePair.Testing.Imports;

namespace ResumePair.ExportOrchestrator.Tests.Imports;

/// <summary>How round-trip tests compare entries: every field the importer reads, as one line per entry.</summary>
internal static class RoundTrip
{
    internal static string[] Links(Profile p) =>
        [.. p.Links.Select(l => CorpusScore.Url(l.Url)).Append(CorpusScore.Url(p.Website ?? "")).Order()];

    internal static string Language(LanguageSkill l) => $"{l.Language} ({l.Fluency})";

    internal static string Work(WorkEntry w) =>
        $"{w.Position} | {w.Company} | {w.StartDate} | {(w.Current ? "current" : w.EndDate)} | {w.Summary} | "
        + string.Join(" / ", w.Highlights);

    internal static string Education(EducationEntry x) =>
        $"{x.Institution} | {x.StudyType} | {x.Area} | {x.StartDate} | {x.EndDate} | {x.Score} | "
        + string.Join(", ", x.Courses);

    internal static string Skill(Skill s) => $"{s.Name} ({s.Level}): {string.Join(", ", s.Keywords)}";

    internal static string Project(ProjectEntry p) =>
        $"{p.Name} | {p.Description} | {p.Url} | {p.StartDate} | {string.Join(" / ", p.Highlights)} | "
        + string.Join(", ", p.Keywords);

    internal static string Custom(CustomSection s) =>
        $"{s.Title}: {string.Join(" / ", s.Items.Select(i => $"{i.Title} | {i.Subtitle} | {i.Date}"))}";

    /// <summary>Every field the importer reads came back; <paramref name="location"/>: the source prints it
    /// whole.</summary>
    internal static void AssertSameFields(ResumeData e, ResumeData a, bool location = true)
    {
        Assert.Equal(e.Profile.Name, a.Profile.Name);
        Assert.Equal(e.Profile.Headline, a.Profile.Headline);
        Assert.Equal(e.Profile.Email, a.Profile.Email);
        Assert.Equal(e.Profile.Phone, a.Profile.Phone);
        if (location) Assert.Equal(e.Profile.Location, a.Profile.Location);
        Assert.Equal(e.Profile.Summary, a.Profile.Summary);
        Assert.Equal(Links(e.Profile), Links(a.Profile));
        Assert.Equal(e.Work.Select(Work), a.Work.Select(Work));
        Assert.Equal(e.Education.Select(Education), a.Education.Select(Education));
        Assert.Equal(e.Skills.Select(Skill), a.Skills.Select(Skill));
        Assert.Equal(e.Projects.Select(Project), a.Projects.Select(Project));
        Assert.Equal(e.Languages.Select(Language), a.Languages.Select(Language));
        Assert.Equal(e.Certifications.Select(x => $"{x.Name} | {x.Issuer} | {x.Date}"),
            a.Certifications.Select(x => $"{x.Name} | {x.Issuer} | {x.Date}"));
        Assert.Equal(e.CustomSections.Select(Custom), a.CustomSections.Select(Custom));
    }
}
