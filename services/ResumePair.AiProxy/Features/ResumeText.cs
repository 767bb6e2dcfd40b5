using ResumePair.Contracts.Documents;

namespace ResumePair.AiProxy.Features;

/// <summary>A resume's words as plain text: what keyword matching reads and what prompts quote.</summary>
public static class ResumeText
{
    public static string Of(ResumeData r)
    {
        var lines = new List<string?> { r.Profile.Name, r.Profile.Headline, r.Profile.Summary, r.Profile.Location };
        foreach (var w in r.Work)
        {
            lines.Add($"{w.Position} at {w.Company} ({w.StartDate} – {(w.Current ? "present" : w.EndDate)})");
            lines.Add(w.Summary);
            lines.AddRange(w.Highlights.Select(h => "- " + h));
        }
        foreach (var e in r.Education)
            lines.Add(
                string.Join(", ", new[] { e.StudyType, e.Area, e.Institution }.Where(s => !string.IsNullOrEmpty(s)))
            );
        if (r.Skills.Count > 0)
            lines.Add(
                "Skills: "
                    + string.Join(
                        ", ",
                        r.Skills.Select(s =>
                            s.Keywords.Count > 0 ? $"{s.Name} ({string.Join(", ", s.Keywords)})" : s.Name
                        )
                    )
            );
        foreach (var p in r.Projects)
        {
            lines.Add($"Project {p.Name}: {p.Description}");
            lines.AddRange(p.Highlights.Select(h => "- " + h));
            if (p.Keywords.Count > 0) lines.Add(string.Join(", ", p.Keywords));
        }
        lines.AddRange(r.Certifications.Select(c => $"Certification: {c.Name} {c.Issuer}"));
        lines.AddRange(r.Languages.Select(l => $"Language: {l.Language} {l.Fluency}"));
        foreach (var s in r.CustomSections)
        {
            lines.Add(s.Title);
            foreach (var i in s.Items)
            {
                lines.Add($"{i.Title} {i.Subtitle} {i.Description}");
                lines.AddRange(i.Highlights);
            }
        }
        return string.Join('\n', lines.Where(l => !string.IsNullOrWhiteSpace(l)));
    }
}
