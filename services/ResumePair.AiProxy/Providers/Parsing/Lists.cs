using System.Text.RegularExpressions;
using ResumePair.Contracts.Documents;
using ResumePair.Contracts.Documents.Validation;

namespace ResumePair.AiProxy.Providers.Parsing;

/// <summary>Sections that are lists: skills (flat or "Group: a, b"), languages with their fluency,
/// certifications.</summary>
public static partial class Lists
{
    public static string StripBullet(string line) =>
        Bullet().Match(line) is { Success: true } b ? line[b.Length..].Trim() : line;

    public static bool IsBullet(string line) => Bullet().IsMatch(line);

    /// <summary>Lines ending in a comma continue on the next one (a wrapped list).</summary>
    private static List<string> Items(List<string> lines)
    {
        var joined = new List<string>();
        var open = false;
        foreach (var raw in lines.Where(l => l.Length > 0))
        {
            var line = StripBullet(raw);
            if (open) joined[^1] += " " + line;
            else joined.Add(line);
            open = line.EndsWith(',');
        }
        return joined;
    }

    public static IEnumerable<Skill> Skills(List<string> lines, List<string> unplaced)
    {
        // "Backend (Expert): C#, .NET · Infrastructure: Kubernetes": groups side by side are one line each.
        var items = Items(lines)
            .SelectMany(l => GroupSeparator().Split(l))
            .Select(l => l.Trim())
            .Where(l => l.Length > 0)
            .ToList();
        for (var i = 0; i < items.Count; i++)
        {
            var line = items[i];
            // A narrow column wraps a group: "Backend" / "(Expert)" / "C#, .NET, PostgreSQL".
            if (i + 2 < items.Count && IsShortItem(line) && line.IndexOfAny([',', ':', ';']) < 0
                && LevelLine().IsMatch(items[i + 1]) && items[i + 2].Contains(','))
            {
                line = $"{line} {items[i + 1]}: {items[i + 2]}";
                i += 2;
            }
            else if (i + 1 < items.Count && line.IndexOfAny([',', ':', ';']) < 0 && LevelSuffix().IsMatch(line)
                     && IsShortItem(StripLevel(line)) && items[i + 1].Contains(',') && !items[i + 1].Contains(':'))
            {
                line = $"{line}: {items[i + 1]}";
                i++;
            }
            var colon = line.IndexOf(':');
            if (colon is > 0 and < 40)
            {
                var keywords = Split(line[(colon + 1)..]).Select(StripLevel).Where(IsShortItem).ToList();
                if (keywords.Count > 0)
                {
                    var group = line[..colon].Trim();
                    yield return new Skill
                    {
                        Name = ResumeParser.Cap(StripLevel(group), DocumentLimits.Short),
                        Level = Level(group),
                        Keywords = keywords.Take(DocumentLimits.Items).ToList(),
                    };
                    continue;
                }
            }
            foreach (var item in Split(line))
            {
                var (name, level) = (StripLevel(item), Level(item));
                if (IsShortItem(name)) yield return new Skill { Name = name, Level = level };
                else unplaced.Add(item);
            }
        }
    }

    public static IEnumerable<LanguageSkill> Languages(List<string> lines, List<string> unplaced)
    {
        foreach (var item in Items(lines).SelectMany(Split))
        {
            var m = LanguageFluency().Match(item);
            var (language, fluency) = m.Success
                ? (
                    m.Groups[1].Value.Trim(),
                    new[] { m.Groups[2], m.Groups[3], m.Groups[4] }.First(g => g.Success).Value.Trim()
                )
                : (item, null);
            if (language.Split(' ').Length > 3 || language.Any(char.IsDigit) || language.Length > 40)
            {
                unplaced.Add(item);
                continue;
            }
            yield return new LanguageSkill
            {
                Language = ResumeParser.Cap(language, DocumentLimits.Short),
                Fluency = string.IsNullOrEmpty(fluency) ? null : ResumeParser.Cap(fluency, DocumentLimits.Short),
            };
        }
    }

    /// <summary>
    /// One certification a line ("CKA, CNCF   2022"); a name a narrow column wrapped ("Certified Kubernetes" /
    /// "Administrator" / "Jun 2022") is joined up to its date, and a lone line after a dated one is its issuer.
    /// </summary>
    public static IEnumerable<Certification> Certifications(List<string> lines)
    {
        var result = new List<Certification>();
        var pending = new List<string>();
        void Settle()
        {
            if (pending.Count == 1 && result.Count > 0 && result[^1].Issuer is null && result[^1].Date is not null)
                result[^1] = result[^1] with { Issuer = ResumeParser.Cap(pending[0], DocumentLimits.Short) };
            else
                result.AddRange(
                    pending
                        .Select(p => Certification(ResumeParser.Parts(p.Replace(", ", " | ")), null))
                        .OfType<Certification>()
                );
            pending.Clear();
        }
        foreach (var line in lines.Where(l => l.Length > 0).Select(StripBullet))
        {
            var span = DateRanges.FindAny(line);
            if (span is null) { pending.Add(line); continue; }
            var parts = ResumeParser.Parts(line.Remove(span.Index, span.Length).Replace(", ", " | "));
            var date = span.End ?? span.Start;
            if (parts.Length == 0 && pending.Count > 0)
            {
                result.Add(Certification([string.Join(' ', pending)], date)!);
                pending.Clear();
                continue;
            }
            Settle();
            if (Certification(parts, date) is { } c) result.Add(c);
        }
        Settle();
        return result;
    }

    private static Certification? Certification(string[] parts, string? date) =>
        parts.Length == 0
            ? null
            : new Certification
            {
        Name = ResumeParser.Cap(parts[0], DocumentLimits.Short),
        Issuer = parts.Length > 1 ? ResumeParser.Cap(parts[1], DocumentLimits.Short) : null,
        Date = date,
    };

    private static IEnumerable<string> Split(string text) =>
        ItemSeparator().Split(text).Select(s => s.Trim(' ', '-', '–').TrimEnd('.')).Where(s => s.Length > 0);

    private static bool IsShortItem(string item) =>
        item.Length is > 0 and <= 40 && item.Split(' ').Length <= 5;

    private static string StripLevel(string item) => LevelSuffix().Replace(item, "").Trim();

    private static string? Level(string item)
    {
        var m = LevelSuffix().Match(item);
        if (!m.Success) return null;
        var word = m.Groups[1].Value.ToLowerInvariant();
        return word switch
        {
            "beginner" or "basic" => "beginner",
            "intermediate" => "intermediate",
            "advanced" => "advanced",
            "expert" => "expert",
            _ => null,
        };
    }

    [GeneratedRegex(@"^([-*•·‣▪◦●■–>›]|\d{1,2}[.)])\s+|^[•▪●■◦‣]")]
    private static partial Regex Bullet();

    [GeneratedRegex(@"(?:\s+[·|•]\s+|\s{3,})(?=[^,:;·|•]{1,40}:\s)")]
    private static partial Regex GroupSeparator();

    [GeneratedRegex(@"^\((?:beginner|basic|intermediate|advanced|expert)\)$", RegexOptions.IgnoreCase)]
    private static partial Regex LevelLine();

    [GeneratedRegex(@"\s*[,;|•·]\s*|\s{3,}")]
    private static partial Regex ItemSeparator();

    [GeneratedRegex(@"\s*[(\-–:]\s*(beginner|basic|intermediate|advanced|expert)\)?\s*$", RegexOptions.IgnoreCase)]
    private static partial Regex LevelSuffix();

    [GeneratedRegex(@"^(.+?)\s*(?:\((.+)\)|\s[-–—]\s*(.+)|:\s*(.+))$")]
    private static partial Regex LanguageFluency();
}
