using System.Text.RegularExpressions;
using ResumePair.AiProxy.Features;
using ResumePair.Contracts.Documents;
using ResumePair.Contracts.Documents.Validation;

namespace ResumePair.AiProxy.Providers;

/// <summary>Deterministic drafts built from what the user already wrote: summaries, bullets, tailoring advice, cover
/// letters.</summary>
public static partial class OfflineDrafts
{
    /// <summary>
    /// Drafts from the person's own resume — roles, employers, skills, numbers. The prompt steers (a target role, notes
    /// to turn into bullets) but an instruction ("write my summary for a backend role") is never pasted into the text.
    /// </summary>
    public static string Generate(GenerateInput input, OfflineWritingAssistant rules)
    {
        var resume = input.Resume ?? new ResumeData();
        var instruction = IsInstruction(input.Prompt);
        switch (input.Section)
        {
            case "summary":
                return Summary(resume, TargetRole(input.Prompt));
            case "skills":
                var known = resume.Skills.Select(s => s.Name).Concat(resume.Skills.SelectMany(s => s.Keywords));
                var notes = instruction ? "" : input.Prompt;
                var found = KeywordMatcher.Extract(notes + "\n" + ResumeText.Of(resume)).Select(k => k.Keyword);
                return string.Join('\n',
                    known.Concat(found).Distinct(StringComparer.OrdinalIgnoreCase).Take(15).Select(s => "- " + s));
            case "headline":
                var role = TargetRole(input.Prompt)
                    ?? resume.Work.FirstOrDefault()?.Position
                    ?? resume.Profile.Headline;
                var skills = TopSkills(resume, 2);
                if (role is null) return skills.Length > 0 ? skills : "Professional";
                return $"{Capitalize(role)}{(skills.Length > 0 ? " · " + skills : "")}";
            default:
                // Highlights: the user's notes rewritten as strong bullets; asked by instruction, the latest role's
                // own.
                var lines = instruction
                    ? OwnHighlights(resume)
                    : Sentences().Split(input.Prompt).Select(s => s.Trim()).Where(s => s.Length > 0);
                var bullets = rules
                    .EnhanceAsync(string.Join('\n', lines), EnhanceStyle.Impact, CancellationToken.None)
                    .Result;
                return string.Join('\n', bullets.Select(b => "- " + b.Text));
        }
    }

    /// <summary>"Write my summary", "please draft…", "summary for a backend role": asks for text, is not the
    /// text.</summary>
    public static bool IsInstruction(string prompt) =>
        string.IsNullOrWhiteSpace(prompt) || InstructionOpening().IsMatch(prompt.Trim());

    /// <summary>The role a prompt aims at: "… for a senior backend role" → "senior backend".</summary>
    private static string? TargetRole(string prompt) =>
        TargetRolePattern().Match(prompt) is { Success: true } m ? m.Groups[1].Value.Trim() : null;

    /// <summary>The latest role's highlights, or one line per role built from its position, employer and
    /// skills.</summary>
    private static IEnumerable<string> OwnHighlights(ResumeData r)
    {
        if (r.Work.FirstOrDefault(w => w.Highlights.Count > 0) is { } work) return work.Highlights;
        var skills = TopSkills(r, 3);
        return r.Work.Where(w => w.Position.Length > 0).Take(3).Select(w =>
            $"Delivered {w.Position.ToLowerInvariant()} work" +
            (w.Company.Length > 0 ? $" at {w.Company}" : "") + (skills.Length > 0 ? $" with {skills}" : ""));
    }

    private static string Capitalize(string s) => s.Length == 0 ? s : char.ToUpperInvariant(s[0]) + s[1..];

    private static string Summary(ResumeData r, string? target)
    {
        var role = r.Profile.Headline ?? r.Work.FirstOrDefault()?.Position
            ?? (target is null ? "Professional" : Capitalize(target) + " professional");
        var years = Years(r);
        var companies = r.Work.Select(w => w.Company).Where(c => c.Length > 0).Distinct().Take(3).ToList();
        var parts = new List<string>
        {
            years > 0
                ? $"{role} with {years}+ years of experience" + (companies.Count > 0 ? $" at {Join(companies)}." : ".")
                : $"{role}" + (companies.Count > 0 ? $" with experience at {Join(companies)}." : "."),
        };
        if (TopSkills(r, 5) is { Length: > 0 } skills) parts.Add($"Skilled in {skills}.");
        if (r.Work.SelectMany(w => w.Highlights).FirstOrDefault(h => h.Any(char.IsDigit)) is { } win)
            parts.Add($"Recently: {char.ToLowerInvariant(win[0])}{win[1..].TrimEnd('.')}.");
        if (target is not null && !role.Contains(target, StringComparison.OrdinalIgnoreCase))
            parts.Add($"Looking for {Article(target)} {target} role.");
        return string.Join(' ', parts);
    }

    public static IEnumerable<string> TailorSuggestions(TailorInput input)
    {
        var r = input.Resume;
        var title = JobTitle(input.JobDescription);
        var missing = input.Match.Missing;
        if (
            title is not null
            && (r.Profile.Headline is null || !r.Profile.Headline.Contains(title, StringComparison.OrdinalIgnoreCase))
        )
            yield return $"Make your headline match the role: \"{title}\" (today: \"{r.Profile.Headline ?? "none"}\").";
        foreach (var keyword in missing.Take(5))
            yield return $"The posting asks for \"{keyword}\": add it to Skills or to a work highlight that shows "
                + "where you used it (only if you have).";
        if (string.IsNullOrWhiteSpace(r.Profile.Summary))
            yield return $"Add a 2–3 sentence summary that names the role{(title is null ? "" : $" ({title})")} and "
                + $"your strongest matching skills: {Join(input.Match.Matched.Take(3).ToList())}.";
        else if (
            input.Match.Matched.Count > 0
            && !input.Match.Matched.Take(3).All(k => r.Profile.Summary.Contains(k, StringComparison.OrdinalIgnoreCase))
        )
            yield return "Mention your top matching keywords in the summary: "
                + $"{Join(input.Match.Matched.Take(3).ToList())}.";
        var unquantified = r
            .Work.Take(2)
            .SelectMany(w => w.Highlights)
            .Where(h => !h.Any(char.IsDigit))
            .Take(2)
            .ToList();
        foreach (var h in unquantified) yield return $"Quantify \"{h}\" with a number (users, time saved, revenue, %).";
        if (input.Match.Score >= 80)
            yield return "Strong match: keep the resume to the most relevant two pages and lead with the matching "
                + "work.";
    }

    public static CoverLetterData CoverLetter(CoverLetterInput input)
    {
        var r = input.Resume;
        var title = JobTitle(input.JobDescription) ?? "the open position";
        var company = Company(input.JobDescription);
        var latest = r.Work.FirstOrDefault();
        var matched = input.Match.Matched.Take(4).ToList();
        var paragraphs = new List<string>
        {
            $"I am writing to apply for {title}{(company is null ? "" : $" at {company}")}."
                + (
                    latest is null
                        ? ""
                        : $" As {Article(latest.Position)} "
                            + $"{latest.Position}{(latest.Company.Length > 0 ? $" at {latest.Company}" : "")}, "
                            + "I bring hands-on experience with what this role needs."
                ),
        };
        var evidence = r
            .Work.SelectMany(w => w.Highlights)
            .OrderByDescending(h => matched.Count(k => h.Contains(k, StringComparison.OrdinalIgnoreCase)))
            .ThenByDescending(h => h.Any(char.IsDigit))
            .Take(2)
            .ToList();
        if (matched.Count > 0 || evidence.Count > 0)
            paragraphs.Add((matched.Count > 0 ? $"My background covers {Join(matched)}. " : "") +
                           string.Join(" ", evidence.Select(h => $"{h.TrimEnd('.')}.")));
        if (input.Match.Missing.Count > 0)
            paragraphs.Add(
                $"I am keen to deepen my work with {Join(input.Match.Missing.Take(2).ToList())} and would ramp up "
                    + "quickly, as I have done in previous roles."
            );
        paragraphs.Add(
            "Thank you for your time and consideration. I would welcome the chance to discuss how I can "
                + $"contribute{(company is null ? "" : $" to {company}")}."
        );
        return new CoverLetterData
        {
            Sender = r.Profile with { Summary = null },
            // A "Company:" or "Title:" line of a posting can run on; the draft must still pass the schema's caps.
            Recipient = new Recipient
            {
                Company = company is null ? null : OfflineExtractor.Cap(company, DocumentLimits.Short),
            },
            Date = input.Today,
            Subject = OfflineExtractor.Cap($"Application for {title}", DocumentLimits.Short),
            Greeting = "Dear Hiring Manager,",
            Paragraphs = paragraphs,
            Closing = "Kind regards,",
            Signature = r.Profile.Name.Length > 0 ? r.Profile.Name : null,
        };
    }

    /// <summary>The posting's job title: a "Job title:"/"Role:" line, "hiring a X", or a short first line.</summary>
    public static string? JobTitle(string posting)
    {
        if (TitleLine().Match(posting) is { Success: true } labelled)
            return labelled.Groups[1].Value.Trim().TrimEnd('.');
        var first = posting.Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.Length > 0);
        if (first is not null && first.Split(' ').Length <= 6 && !first.EndsWith('.')) return first;
        return Hiring().Match(posting) is { Success: true } hiring ? hiring.Groups[1].Value.Trim().TrimEnd('.') : null;
    }

    public static string? Company(string posting) =>
        CompanyLine().Match(posting) is { Success: true } m
            ? m.Groups.Values.Skip(1).First(g => g.Success).Value.Trim().TrimEnd('.', ',')
            : null;

    private static int Years(ResumeData r)
    {
        var starts = r
            .Work.Select(w => w.StartDate)
            .Where(d => d is { Length: >= 4 })
            .Select(d => int.Parse(d![..4]))
            .ToList();
        return starts.Count == 0 ? 0 : Math.Max(0, DateTime.UtcNow.Year - starts.Min());
    }

    private static string TopSkills(ResumeData r, int n) =>
        Join(r.Skills.SelectMany(s => s.Keywords.Count > 0 ? s.Keywords : [s.Name]).Distinct().Take(n).ToList());

    private static string Join(IReadOnlyList<string> items) => items.Count switch
    {
        0 => "",
        1 => items[0],
        _ => string.Join(", ", items.Take(items.Count - 1)) + " and " + items[^1],
    };

    private static string Article(string word) => word.Length > 0 && "AEIOUaeiou".Contains(word[0]) ? "an" : "a";

    [GeneratedRegex(@"(?<=[.!?])\s+|\n")]
    private static partial Regex Sentences();

    [GeneratedRegex(
        @"^(please|can you|could you|write|draft|create|generate|make|give|suggest|improve|rewrite|help|focus|"
            + @"i need|i want|(a|an|my|some|the)\s+(\w+\s+){0,3}(summary|headline|bullets?|highlights?|skills))\b",
        RegexOptions.IgnoreCase
    )]
    private static partial Regex InstructionOpening();

    [GeneratedRegex(@"\bfor\s+(?:an?\s+|the\s+)?((?:[\w+#./-]+\s+){0,3}?[\w+#./-]+)\s+(?:role|position|job)\b",
        RegexOptions.IgnoreCase)]
    private static partial Regex TargetRolePattern();

    [GeneratedRegex(
        @"^\s*(?:job\s*title|title|role|position)\s*:\s*(.+)$",
        RegexOptions.IgnoreCase | RegexOptions.Multiline
    )]
    private static partial Regex TitleLine();

    [GeneratedRegex(@"(?:hiring|looking for|seeking)\s+(?:an?\s+)?((?:[A-Z][\w+#/-]*[ ]?){1,5})")]
    private static partial Regex Hiring();

    [GeneratedRegex(
        @"(?:^\s*company\s*:\s*(.+)$|\b[Jj]oin\s+([A-Z][\w&.-]*(?:\s[A-Z][\w&.-]*){0,3})"
            + @"|\bat\s+([A-Z][\w&.-]*(?:\s[A-Z][\w&.-]*){0,3}),?\s+(?:we|you)\b)",
        RegexOptions.Multiline
    )]
    private static partial Regex CompanyLine();
}
