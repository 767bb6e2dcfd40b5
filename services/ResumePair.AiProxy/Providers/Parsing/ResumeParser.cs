using System.Globalization;
using System.Text.RegularExpressions;
using ResumePair.Contracts.Documents;
using ResumePair.Contracts.Documents.Validation;

namespace ResumePair.AiProxy.Providers.Parsing;

/// <summary>What the parser made of a text: the resume, and the lines it could not place (shown to the user).</summary>
public sealed record ParsedResume(ResumeData Data, IReadOnlyList<string> Unplaced);

/// <summary>One section of the text: its kind, the heading as written, and its lines (blank lines kept as
/// "").</summary>
public sealed record TextSection(SectionKind Kind, string Title, List<string> Lines);

/// <summary>
/// The offline resume parser: lines → sections by their headings (four languages, letter-spaced or not, "Skills:"
/// inline) → the profile from the lines above the first heading, entries from each section. It prefers an empty
/// field to a guess: a value is only taken when its pattern is unambiguous, and every line it could not use is
/// returned in <see cref="ParsedResume.Unplaced"/>. The result always passes the documents' validation rules.
/// </summary>
public static partial class ResumeParser
{
    public const string NamePlaceholder = "Your Name";

    public static ParsedResume Parse(string text)
    {
        var lines = WithoutPageFurniture(TextLines.Split(text));
        var sections = Sections(lines);
        var unplaced = new List<string>();

        var header = sections
            .Where(s => s.Kind is SectionKind.Header or SectionKind.Contact)
            .SelectMany(s => s.Lines)
            .ToList();
        var profile = ProfileParser.Parse(header, unplaced);

        var work = new List<WorkEntry>();
        var education = new List<EducationEntry>();
        var skills = new List<Skill>();
        var projects = new List<ProjectEntry>();
        var certifications = new List<Certification>();
        var languages = new List<LanguageSkill>();
        var custom = new List<CustomSection>();
        string? summary = null;
        foreach (var section in sections)
        {
            switch (section.Kind)
            {
                case SectionKind.Summary:
                    summary = Cap(
                        string.Join(' ', section.Lines.Where(l => l.Length > 0).Select(Lists.StripBullet)),
                        DocumentLimits.Long
                    );
                    break;
                case SectionKind.Work: work.AddRange(Entries.Work(section.Lines, unplaced)); break;
                case SectionKind.Education: education.AddRange(Entries.Education(section.Lines, unplaced)); break;
                case SectionKind.Skills: skills.AddRange(Lists.Skills(section.Lines, unplaced)); break;
                case SectionKind.Projects: projects.AddRange(Entries.Projects(section.Lines)); break;
                case SectionKind.Certifications: certifications.AddRange(Lists.Certifications(section.Lines)); break;
                case SectionKind.Languages: languages.AddRange(Lists.Languages(section.Lines, unplaced)); break;
                case SectionKind.Custom: custom.Add(Entries.Custom(section.Title, section.Lines)); break;
            }
        }

        var data = new ResumeData
        {
            Profile = profile with { Summary = summary ?? profile.Summary },
            Work = work.Take(DocumentLimits.Items).ToList(),
            Education = education.Take(DocumentLimits.Items).ToList(),
            Skills = skills.Take(DocumentLimits.Items).ToList(),
            Projects = projects.Take(DocumentLimits.Items).ToList(),
            Certifications = certifications.Take(DocumentLimits.Items).ToList(),
            Languages = languages.Take(DocumentLimits.Items).ToList(),
            CustomSections = custom.Where(c => c.Items.Count > 0).Take(DocumentLimits.Items).ToList(),
        };
        return new ParsedResume(
            data,
            unplaced.Where(l => l.Length > 0).Select(l => Cap(l, DocumentLimits.Item)).Take(100).ToList()
        );
    }

    /// <summary>
    /// Splits the lines at headings. Above the first heading is the header (name, contact), except that a line
    /// with a date range there ("Senior Engineer at Acme (2020-2024)") starts an unnamed work section.
    /// </summary>
    public static List<TextSection> Sections(List<string> lines)
    {
        var sections = new List<TextSection> { new(SectionKind.Header, "", []) };
        var known = 0;
        var firstSeen = false;
        foreach (var line in lines)
        {
            var current = sections[^1];
            if (line.Length == 0) { current.Lines.Add(""); continue; }
            var first = !firstSeen;
            firstSeen = true;
            var afterBlank = current.Lines.Count == 0 || current.Lines[^1].Length == 0;
            if (Heading(line, first, current.Kind, known > 0, afterBlank) is { } heading)
            {
                // "COMPÉTENCES" + "TECHNIQUES": a heading wrapped in a narrow column is one heading.
                if (heading.Kind == SectionKind.Custom && heading.Rest is null && current.Kind != SectionKind.Header
                    && current.Lines.All(l => l.Length == 0))
                    continue;
                if (heading.Kind != SectionKind.Custom) known++;
                sections.Add(new TextSection(heading.Kind, heading.Title, heading.Rest is null ? [] : [heading.Rest]));
                continue;
            }
            if (current.Kind == SectionKind.Header && !first && DateRanges.FindRange(line) is not null
                && !ProfileParser.IsContactLine(line))
            {
                sections.Add(new TextSection(SectionKind.Work, "", [line]));
                continue;
            }
            current.Lines.Add(line);
        }
        return sections;
    }

    /// <summary>
    /// Page numbers ("Page 2 of 2", "Seite 1 / 3") and the name repeated as a running header on later pages are
    /// the page's furniture, not the resume's content.
    /// </summary>
    private static List<string> WithoutPageFurniture(List<string> lines)
    {
        var name = lines.FirstOrDefault(l => l.Length > 0);
        var repeated = name is not null && ProfileParser.IsName(name);
        var seen = false;
        var kept = new List<string>(lines.Count);
        foreach (var line in lines)
        {
            // "Page 2 of 2   Ada Quinton-Lovelace": a footer's parts are all furniture.
            var parts = line.Split("   ").Select(p => Lists.StripBullet(p.Trim())).ToList();
            var furniture = parts.All(p => PageNumber().IsMatch(p) || (repeated && seen && p == name));
            if (line.Length > 0 && furniture) continue;
            seen |= line == name;
            kept.Add(line);
        }
        return kept;
    }

    private sealed record HeadingMatch(SectionKind Kind, string Title, string? Rest);

    private static HeadingMatch? Heading(string line, bool first, SectionKind current, bool afterKnown, bool afterBlank)
    {
        var bare = Lists.StripBullet(line).TrimStart('#', ' ').TrimEnd(':', ' ', '：');
        if (bare.Length <= 50 && !bare.Contains('@') && Vocabulary.HeadingKind(bare) is { } kind)
            return new HeadingMatch(kind, Title(bare), null);

        // "EXPERIENCE   Principal Engineer   2019 – now": a label column beside the section's first line.
        var gap = bare.IndexOf("   ", StringComparison.Ordinal);
        if (gap is > 2 and <= 32 && Vocabulary.HeadingKind(bare[..gap]) is { } label
            && (bare[..gap].All(c => !char.IsLower(c)) || current is not (SectionKind.Skills or SectionKind.Languages)
                || label is not (SectionKind.Skills or SectionKind.Languages)))
            return new HeadingMatch(label, Title(bare[..gap]), bare[(gap + 3)..].Trim());

        // "Skills: Python, SQL" — a heading and its first line at once (not inside a list of "Languages: Go, C#",
        // nor a project's "Technologies: Go, gRPC").
        var colon = line.IndexOf(':');
        if (
            colon is > 2 and <= 32
            && current is not (SectionKind.Skills or SectionKind.Languages or SectionKind.Contact)
            && Vocabulary.HeadingKind(line[..colon]) is { } inline
            && inline != SectionKind.Contact
            && !(current == SectionKind.Projects && inline == SectionKind.Skills)
            && line[(colon + 1)..].Trim() is { Length: > 0 } rest
        )
            return new HeadingMatch(inline, Title(line[..colon]), rest);

        // An unknown short line in capitals ("VOLUNTEERING", "A W A R D S") after a known heading is a section too,
        // when it stands apart (an issuer "CNCF" under its certification does not).
        if (
            first
            || !afterKnown
            || !afterBlank
            || line.Length > 40
            || line.Any(char.IsDigit)
            || line.IndexOfAny([',', '|', '@', '·', '(']) >= 0
        )
            return null;
        var letters = line.Where(char.IsLetter).ToList();
        return
            letters.Count >= 4
            && letters.All(char.IsUpper)
            && line.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length <= 12
            ? new HeadingMatch(SectionKind.Custom, Title(line.TrimEnd(':')), null)
            : null;
    }

    /// <summary>"EXPERIENCE" → "Experience"; a letter-spaced "VOLUN TEERIN G" is joined first.</summary>
    private static string Title(string heading)
    {
        var words = heading.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var text =
            words.Length >= 3 && words.Average(w => w.Length) <= 3 ? string.Concat(words) : string.Join(' ', words);
        if (text.Any(char.IsLower)) return Cap(text, DocumentLimits.Short);
        var lower = text.ToLower(CultureInfo.InvariantCulture);
        return Cap(char.ToUpper(lower[0], CultureInfo.InvariantCulture) + lower[1..], DocumentLimits.Short);
    }

    internal static string Cap(string value, int max) => value.Length <= max ? value : value[..max].TrimEnd();

    /// <summary>The separators between a line's parts: wide gaps, bars, middle dots, spaced dashes.</summary>
    internal static string[] Parts(string line) =>
        PartSeparator().Split(line).Select(p => p.Trim(' ', '|', '·', '•', '(', ')', '[', ']', ',', ';', '–', '—', '-'))
            .Where(p => p.Length > 0).ToArray();

    [GeneratedRegex(
        @"^(?:page|seite|página|pagina)\s+\d{1,2}\s*(?:of|von|sur|de|/)\s*\d{1,2}$",
        RegexOptions.IgnoreCase
    )]
    private static partial Regex PageNumber();

    [GeneratedRegex(@"\s{3,}|\s*\|\s*|\s+/\s+|\s+[·•]\s+|\s+[–—-]\s+|\s*[–—]\s*(?=\D)|\t")]
    private static partial Regex PartSeparator();
}
