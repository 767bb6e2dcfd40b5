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
}
