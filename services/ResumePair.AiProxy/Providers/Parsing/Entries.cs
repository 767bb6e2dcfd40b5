using System.Text.RegularExpressions;
using ResumePair.Contracts.Documents;
using ResumePair.Contracts.Documents.Validation;

namespace ResumePair.AiProxy.Providers.Parsing;

/// <summary>
/// Sections of entries (work, education, projects). Lines are header lines (short: title, company, school, dates)
/// or description (bullets, sentences). A run of header lines holds as many entries as it has dates; each entry's
/// parts are told apart by what they are (a date, a "City, Country", words of job titles, company suffixes, school
/// and degree names), not by their position alone.
/// </summary>
public static partial class Entries
{
    public sealed class Entry
    {
        public List<string> Header { get; } = [];
        public List<string> Bullets { get; } = [];
        public List<string> Text { get; } = [];
    }

    public static List<Entry> Segment(List<string> lines)
    {
        lines = MergeDateFragments(lines);
        var entries = new List<Entry>();
        var run = new List<string>();
        string? lastKind = null; // "bullet" or "text": what a lower-case continuation line extends
        void Flush()
        {
            if (run.Count > 0) entries.AddRange(Split(run));
            run.Clear();
        }
        for (var i = 0; i < lines.Count; i++)
        {
            var line = lines[i];
            if (line.Length == 0) { Flush(); continue; }
            var isBullet = Lists.IsBullet(line);
            var body = Lists.StripBullet(line);
            var next = i + 1 < lines.Count ? lines[i + 1] : "";
            if (!isBullet && lastKind is not null && run.Count == 0 && entries.Count > 0
                && (char.IsLower(body[0]) || char.IsDigit(body[0])) && DateRanges.FindAny(body) is null)
            {
                var list = lastKind == "bullet" ? entries[^1].Bullets : entries[^1].Text;
                if (list.Count > 0) { list[^1] += " " + body; continue; }
            }
            // A short line whose next line goes on in lower case is the start of a wrapped paragraph.
            var wrapped = next.Length > 0 && char.IsLower(next[0]) && !Lists.IsBullet(next)
                          && DateRanges.FindAny(body) is null && DateRanges.FindAny(next) is null;
            if (isBullet || wrapped || !IsHeaderLine(body))
            {
                Flush();
                if (entries.Count == 0) entries.Add(new Entry());
                (isBullet ? entries[^1].Bullets : entries[^1].Text).Add(body);
                lastKind = isBullet ? "bullet" : "text";
                continue;
            }
            run.Add(body);
            lastKind = null;
        }
        Flush();
        return entries;
    }

    /// <summary>
    /// "February 2019 -   QA Engineer, Stark" + "November 2020" (a table's narrow date cell wrapped).
    /// </summary>
    private static List<string> MergeDateFragments(List<string> lines)
    {
        var merged = new List<string>(lines.Count);
        for (var i = 0; i < lines.Count; i++)
        {
            var line = lines[i];
            var gap = line.IndexOf("   ", StringComparison.Ordinal);
            var first = gap < 0 ? line : line[..gap];
            if (i + 1 < lines.Count && DateRanges.EndsOpen(first) && DateRanges.IsFragment(lines[i + 1]))
            {
                merged.Add(first + " " + lines[i + 1].Trim() + (gap < 0 ? "" : line[gap..]));
                i++;
                continue;
            }
            // A timeline's date cell beside the entry: "Apr 2019 –   Engineer" + "Present   Acme Ltd, London".
            var nextGap = i + 1 < lines.Count ? lines[i + 1].IndexOf("   ", StringComparison.Ordinal) : -1;
            if (nextGap > 0 && DateRanges.EndsOpen(first) && DateRanges.IsFragment(lines[i + 1][..nextGap]))
            {
                merged.Add(first + " " + lines[i + 1][..nextGap].Trim() + (gap < 0 ? "" : line[gap..]));
                merged.Add(lines[i + 1][(nextGap + 3)..].Trim());
                i++;
                continue;
            }
            merged.Add(line);
        }
        return merged;
    }

    private static bool IsHeaderLine(string line)
    {
        if (DateRanges.FindAny(line) is not null && line.Length <= 140) return true;
        var words = line.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length;
        return words <= 12 && line.Length <= 100 && (!line.EndsWith('.') || Abbreviation().IsMatch(line));
    }

    /// <summary>k dates in a run of n lines: k entries of n/k lines when that divides, else one entry per
    /// date.</summary>
    private static IEnumerable<Entry> Split(List<string> run)
    {
        var anchors = Enumerable.Range(0, run.Count).Where(i => DateRanges.FindAny(run[i]) is not null).ToList();
        var groups = new List<List<string>>();
        if (anchors.Count <= 1) groups.Add([.. run]);
        else if (run.Count % anchors.Count == 0
                 && anchors.Select((a, j) => a - j * (run.Count / anchors.Count)).Distinct().Count() == 1)
            groups.AddRange(run.Chunk(run.Count / anchors.Count).Select(c => c.ToList()));
        else if (anchors[0] == 0)
            groups.AddRange(anchors.Select((a, j) => run[a..(j + 1 < anchors.Count ? anchors[j + 1] : run.Count)]));
        else
            groups.AddRange(
                anchors.Select(
                    (a, j) => run[(j == 0 ? 0 : anchors[j - 1] + 1)..(j + 1 < anchors.Count ? a + 1 : run.Count)]
                )
            );
        foreach (var group in groups)
        {
            var entry = new Entry();
            entry.Header.AddRange(group);
            yield return entry;
        }
    }

    public static IEnumerable<WorkEntry> Work(List<string> lines, List<string> unplaced)
    {
        foreach (var e in Segment(lines))
        {
            var (span, parts) = Fields(e.Header);
            string? position = null, company = null, location = null;
            foreach (var line in e.Header)
            {
                if (
                    AtPattern().Match(WithoutDate(line)) is { Success: true } at
                    && (at.Groups[2].Value != "en" || HasTitleWord(at.Groups[1].Value))
                )
                {
                    (position, company) = (Clean(at.Groups[1].Value), Clean(at.Groups[3].Value));
                    parts = parts.Where(p => !at.Value.Contains(p, StringComparison.Ordinal)).ToList();
                    break;
                }
            }
            var rest = new List<string>();
            foreach (var part in parts)
            {
                if (location is null && ProfileParser.IsLocation(part)) location = part;
                else rest.Add(part);
            }
            if (position is null && company is null && rest.Count > 0)
            {
                // Job-title words make a position, company suffixes a company; with neither, the first part is the
                // position.
                position = rest.MaxBy(p => (HasTitleWord(p) ? 2 : 0) - (HasCompanyWord(p) ? 1 : 0));
                var others = rest.Where(p => p != position).ToList();
                if (others.Count > 0)
                    company = others.MaxBy(p => (HasCompanyWord(p) ? 2 : 0) - (HasTitleWord(p) ? 1 : 0));
                if (rest.Count == 1 && HasCompanyWord(rest[0]) && !HasTitleWord(rest[0]))
                    (position, company) = (null, rest[0]);
            }
            if (span is null && (position is null || company is null))
            {
                unplaced.AddRange(e.Header);
                unplaced.AddRange(e.Bullets);
                unplaced.AddRange(e.Text);
                continue;
            }
            yield return new WorkEntry
            {
                Position = ResumeParser.Cap(position ?? "", DocumentLimits.Short),
                Company = ResumeParser.Cap(company ?? "", DocumentLimits.Short),
                Location = location is null ? null : ResumeParser.Cap(location, DocumentLimits.Short),
                StartDate = span?.Start,
                EndDate = span?.End,
                Current = span?.Current ?? false,
                Summary = e.Text.Count > 0 ? ResumeParser.Cap(string.Join(' ', e.Text), DocumentLimits.Long) : null,
                Highlights = e
                    .Bullets.Select(b => ResumeParser.Cap(b, DocumentLimits.Item))
                    .Take(DocumentLimits.Items)
                    .ToList(),
            };
        }
    }

    public static IEnumerable<EducationEntry> Education(List<string> lines, List<string> unplaced)
    {
        // "Grade: First", "Courses: Analysis, Algebra" belong to the entry above: read as its bullets, kept as fields.
        lines = lines
            .Select(l =>
                GradeLine().IsMatch(Lists.StripBullet(l)) || CoursesLine().IsMatch(Lists.StripBullet(l))
                    ? "• " + Lists.StripBullet(l)
                    : l
            )
            .ToList();
        foreach (var e in Segment(lines))
        {
            var (span, parts) = Fields(e.Header, splitCommas: true);
            var score = e
                .Bullets.Select(b => GradeLine().Match(b))
                .FirstOrDefault(m => m.Success)
                ?.Groups[1]
                .Value.Trim();
            var listed = e
                .Bullets.Select(b => CoursesLine().Match(b))
                .Where(m => m.Success)
                .SelectMany(m => m.Groups[1].Value.Split([',', ';', '·']))
                .Select(c => c.Trim(' ', '.'))
                .Where(c => c.Length > 0);
            var courses = e.Bullets.Where(b => !GradeLine().IsMatch(b) && !CoursesLine().IsMatch(b)).Concat(listed);
            string? location = null;
            var rest = new List<string>();
            foreach (var part in parts)
            {
                if (location is null && ProfileParser.IsLocation(part)) location = part;
                else rest.Add(part);
            }
            var institution = rest.FirstOrDefault(IsSchool);
            var degree = rest.FirstOrDefault(p => p != institution && DegreeOf(p) is not null);
            if (institution is null && degree is not null) institution = rest.FirstOrDefault(p => p != degree);
            if (degree is null && institution is not null) degree = rest.FirstOrDefault(p => p != institution);
            if (institution is null)
            {
                unplaced.AddRange(e.Header.Concat(e.Bullets).Concat(e.Text));
                continue;
            }
            var (studyType, area) = degree is null ? (null, null) : SplitDegree(degree);
            yield return new EducationEntry
            {
                Institution = ResumeParser.Cap(institution, DocumentLimits.Short),
                StudyType = studyType is null ? null : ResumeParser.Cap(studyType, DocumentLimits.Short),
                Area = area is null ? null : ResumeParser.Cap(area, DocumentLimits.Short),
                Location = location is null ? null : ResumeParser.Cap(location, DocumentLimits.Short),
                StartDate = span?.Start,
                EndDate = span?.End,
                Score = score is { Length: > 0 } ? ResumeParser.Cap(score, DocumentLimits.Short) : null,
                Courses = courses
                    .Select(b => ResumeParser.Cap(b, DocumentLimits.Short))
                    .Take(DocumentLimits.Items)
                    .ToList(),
            };
        }
    }

    public static IEnumerable<ProjectEntry> Projects(List<string> lines)
    {
        // "Technologies: Go, gRPC" belongs to the project above it: read as one of its bullets, kept as keywords.
        lines = lines
            .Select(l => TechnologiesLine().IsMatch(Lists.StripBullet(l)) ? "• " + Lists.StripBullet(l) : l)
            .ToList();
        foreach (var e in Segment(lines))
        {
            var (span, parts) = Fields(e.Header);
            var technologies = e.Bullets.Select(b => TechnologiesLine().Match(b)).Where(m => m.Success).ToList();
            var keywords = technologies.SelectMany(m => m.Groups[1].Value.Split([',', ';', '·', '|']))
                .Select(k => k.Trim(' ', '.')).Where(k => k.Length is > 0 and <= 40).ToList();
            var highlights = e.Bullets.Where(b => !TechnologiesLine().IsMatch(b));
            var url = parts.Select(ProfileParser.Url).FirstOrDefault(u => u is not null);
            var named = parts.Where(p => ProfileParser.Url(p) is null).ToList();
            if (named.Count == 0 && e.Header.Count == 0) named = e.Text.Take(1).ToList();
            yield return new ProjectEntry
            {
                Name = ResumeParser.Cap(named.FirstOrDefault() ?? "Project", DocumentLimits.Short),
                Description =
                    named.Count > 1 || e.Text.Count > 0
                        ? ResumeParser.Cap(string.Join(' ', named.Skip(1).Concat(e.Text)), DocumentLimits.Long)
                        : null,
                Url = url,
                // A project's lone date ("Loom   2020") is when it started.
                StartDate = span?.Start ?? span?.End,
                EndDate = span?.Start is null ? null : span.End,
                Highlights = highlights
                    .Select(b => ResumeParser.Cap(b, DocumentLimits.Item))
                    .Take(DocumentLimits.Items)
                    .ToList(),
                Keywords = keywords
                    .Select(k => ResumeParser.Cap(k, DocumentLimits.Short))
                    .Take(DocumentLimits.Items)
                    .ToList(),
            };
        }
    }

    public static CustomSection Custom(string title, List<string> lines) => new()
    {
            Title = ResumeParser.Cap(title, DocumentLimits.Short),
            Items = Segment(lines)
                .Select(e =>
                {
                    var span = DateRanges.FindAny(string.Join(" | ", e.Header));
                    var parts = Fields(e.Header).Parts;
                    return new CustomItem
                    {
                        Title = ResumeParser.Cap(
                            parts.FirstOrDefault() ?? e.Text.FirstOrDefault() ?? "",
                            DocumentLimits.Short
                        ),
                        Subtitle =
                            parts.Count > 1
                                ? ResumeParser.Cap(string.Join(", ", parts.Skip(1)), DocumentLimits.Short)
                                : null,
                        Date = span?.End ?? span?.Start,
                        Description =
                            e.Text.Count > (parts.Count == 0 ? 1 : 0)
                                ? ResumeParser.Cap(
                                    string.Join(' ', e.Text.Skip(parts.Count == 0 ? 1 : 0)),
                                    DocumentLimits.Long
                                )
                                : null,
                        Highlights = e.Bullets.Take(DocumentLimits.Items).ToList(),
                    };
                })
                .Where(i => i.Title.Length > 0)
                .Take(DocumentLimits.Items)
                .ToList(),
        };

    /// <summary>The entry's period (the first line that has one) and its other parts, in order.</summary>
    private static (DateSpan? Span, List<string> Parts) Fields(List<string> header, bool splitCommas = false)
    {
        DateSpan? span = null;
        var parts = new List<string>();
        foreach (var line in header)
        {
            var text = line;
            if (span is null && DateRanges.FindAny(line) is { } found)
            {
                span = found;
                text = line.Remove(found.Index, found.Length).Insert(found.Index, "   ");
            }
            foreach (var part in ResumeParser.Parts(text))
            {
                if (ProfileParser.IsLocation(part) || !part.Contains(", ")) parts.Add(part);
                else if (splitCommas || !HasCompanySuffixAfterComma(part))
                    parts.AddRange(part.Split(", ").Select(Clean).Where(p => p.Length > 0));
                else parts.Add(part);
            }
        }
        return (span, parts.Select(Clean).Where(p => p.Length > 0 && p.Any(char.IsLetterOrDigit)).ToList());
    }

    private static bool HasCompanySuffixAfterComma(string part) =>
        CompanySuffixAfterComma().IsMatch(part);

    private static string WithoutDate(string line) =>
        DateRanges.FindAny(line) is { } s ? line.Remove(s.Index, s.Length) : line;

    private static string Clean(string part) => part.Trim(' ', ',', '(', ')', '|', '·', '–', '—', '-', ':', ';');

    public static bool HasTitleWord(string text)
    {
        var lower = " " + text.ToLowerInvariant() + " ";
        return Vocabulary.TitleWords.Any(w => lower.Contains(w, StringComparison.Ordinal));
    }

    public static bool HasCompanyWord(string text)
    {
        var lower = " " + text.ToLowerInvariant() + " ";
        return Vocabulary.CompanyWords.Any(w => lower.Contains(w + " ", StringComparison.Ordinal)
                                               || (w.EndsWith('.') && lower.Contains(w, StringComparison.Ordinal)));
    }

    private static bool IsSchool(string text)
    {
        var lower = " " + text.ToLowerInvariant() + " ";
        return Vocabulary.SchoolWords.Any(w => lower.Contains(w, StringComparison.Ordinal));
    }

    private static string? DegreeOf(string text) =>
        Vocabulary.Degrees.FirstOrDefault(d => text.StartsWith(d, StringComparison.OrdinalIgnoreCase)
                                               && (text.Length == d.Length || !char.IsLetter(text[d.Length])));

    /// <summary>"BSc in Mathematics" → ("BSc", "Mathematics"); "Grado en Ingeniería" → ("Grado",
    /// "Ingeniería").</summary>
    private static (string? StudyType, string? Area) SplitDegree(string degree)
    {
        if (DegreeOf(degree) is not { } type) return (degree, null);
        var area = DegreeConnector().Replace(degree[type.Length..], "").Trim(' ', ',', '-', '–', ':');
        return (degree[..type.Length], area.Length > 0 ? area : null);
    }

    [GeneratedRegex(
        @"^(?:grade|gpa|score|final grade|note|abschlussnote|mention|nota|calificación)\s*:\s*(.+)$",
        RegexOptions.IgnoreCase
    )]
    private static partial Regex GradeLine();

    [GeneratedRegex(
        @"^(?:courses|relevant courses|coursework|modules|kurse|schwerpunkte|cours|asignaturas)\s*:\s*(.+)$",
        RegexOptions.IgnoreCase
    )]
    private static partial Regex CoursesLine();

    [GeneratedRegex(
        @"^(?:technologies|technology|tech stack|stack|tools|built with|technologien|tecnologías|outils)\s*:\s*(.+)$",
        RegexOptions.IgnoreCase
    )]
    private static partial Regex TechnologiesLine();

    [GeneratedRegex(@"^\s*(?:in|en|of|de|der|im|d'|in the)\s+", RegexOptions.IgnoreCase)]
    private static partial Regex DegreeConnector();

    [GeneratedRegex(
        @"(?:^|\s)(?:inc|ltd|corp|co|s\.a|s\.l|sa|llc|gmbh|plc|e\.v|b\.v|n\.v|s\.p\.a|s\.a\.s)\.$",
        RegexOptions.IgnoreCase
    )]
    private static partial Regex Abbreviation();

    [GeneratedRegex(@"^(.+?)\s+(at|@|bei|chez|en)\s+(.+)$")]
    private static partial Regex AtPattern();

    [GeneratedRegex(@",\s*(?:Inc|Ltd|LLC|GmbH|AG|SA|S\.A\.|SAS|Corp|Co|plc)\.?$", RegexOptions.IgnoreCase)]
    private static partial Regex CompanySuffixAfterComma();
}
