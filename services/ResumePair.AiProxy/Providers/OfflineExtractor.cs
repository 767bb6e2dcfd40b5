using System.Globalization;
using System.Text.RegularExpressions;
using ResumePair.AiProxy.Features;
using ResumePair.Contracts.Documents;
using ResumePair.Contracts.Documents.Validation;

namespace ResumePair.AiProxy.Providers;

/// <summary>
/// Rule-based extraction of pasted resume text: contact details by pattern, the name from the first line,
/// sections by their usual headings, entries by their header lines (position, company, date range) and bullets.
/// The result always passes <see cref="SchemaValidator"/>: lengths capped, dates normalised, bad periods dropped.
/// </summary>
public static partial class OfflineExtractor
{
    private enum Section { Header, Summary, Work, Education, Skills, Projects, Certifications, Languages, Custom }

    private static readonly (Section Section, string[] Headings)[] Headings =
    [
        (Section.Summary, ["summary", "profile", "about", "about me", "professional summary", "objective", "career objective"]),
        (Section.Work, ["experience", "work experience", "professional experience", "employment", "employment history", "work history", "career history"]),
        (Section.Education, ["education", "academic background", "education and training"]),
        (Section.Skills, ["skills", "technical skills", "core competencies", "competencies", "key skills", "technologies", "tools"]),
        (Section.Projects, ["projects", "personal projects", "selected projects", "side projects"]),
        (Section.Certifications, ["certifications", "certificates", "licenses", "licenses and certifications", "certifications and licenses"]),
        (Section.Languages, ["languages", "language skills"]),
    ];

    public static ResumeData Extract(string text)
    {
        var lines = text.Replace("\r", "").Split('\n').Select(l => l.Trim()).ToList();
        var sections = new List<(Section Kind, string Title, List<string> Lines)> { (Section.Header, "", []) };
        foreach (var line in lines)
        {
            if (line.Length == 0) { sections[^1].Lines.Add(""); continue; }
            if (Heading(line) is { } heading) sections.Add((heading.Kind, heading.Title, []));
            else sections[^1].Lines.Add(line);
        }

        var emails = Email().Matches(text).Select(m => m.Value).ToList();
        var urls = UrlPattern().Matches(text).Select(m => m.Value.TrimEnd('.', ',', ')')).Select(u => u.StartsWith("http", StringComparison.OrdinalIgnoreCase) ? u : "https://" + u).Where(u => u.Length <= DocumentLimits.Url && FieldFormats.IsHttpUrl(u)).Distinct().ToList();
        var phone = Phone().Match(text) is { Success: true } p ? Cap(p.Value.Trim(), DocumentLimits.Phone) : null;
        var header = sections[0].Lines.Where(l => l.Length > 0).ToList();
        var plain = header.Where(l => !IsContactLine(l)).ToList();

        var work = new List<WorkEntry>();
        var education = new List<EducationEntry>();
        var skills = new List<Skill>();
        var projects = new List<ProjectEntry>();
        var certifications = new List<Certification>();
        var languages = new List<LanguageSkill>();
        var custom = new List<CustomSection>();
        string? summary = null;
        foreach (var (kind, title, body) in sections.Skip(1))
        {
            switch (kind)
            {
                case Section.Summary: summary = Cap(string.Join(' ', body.Where(l => l.Length > 0)), DocumentLimits.Long); break;
                case Section.Work: work.AddRange(Entries(body).Select(ToWork)); break;
                case Section.Education: education.AddRange(Entries(body).Select(ToEducation)); break;
                case Section.Skills: skills.AddRange(ToSkills(body)); break;
                case Section.Projects: projects.AddRange(Entries(body).Select(ToProject)); break;
                case Section.Certifications: certifications.AddRange(body.Where(l => l.Length > 0).Select(ToCertification)); break;
                case Section.Languages: languages.AddRange(ToLanguages(body)); break;
                default:
                    custom.Add(new CustomSection
                    {
                        Title = Cap(title, DocumentLimits.Short),
                        Items = Entries(body).Select(e => new CustomItem
                        {
                            Title = Cap(e.Header.FirstOrDefault() ?? "", DocumentLimits.Short),
                            Description = e.Header.Count > 1 ? Cap(string.Join(' ', e.Header.Skip(1)), DocumentLimits.Long) : null,
                            Highlights = e.Bullets,
                        }).Take(DocumentLimits.Items).ToList(),
                    });
                    break;
            }
        }

        return new ResumeData
        {
            Profile = new Profile
            {
                Name = Cap(plain.FirstOrDefault() is { } n && n.Split(' ').Length <= 6 ? n : "Your Name", DocumentLimits.Short),
                Headline = plain.Skip(1).FirstOrDefault() is { } h && h.Split(' ').Length <= 14 ? Cap(h, DocumentLimits.Short) : null,
                Email = emails.FirstOrDefault() is { Length: <= 254 } e ? e : null,
                Phone = phone,
                Location = header.Select(l => Location().Match(l)).FirstOrDefault(m => m.Success)?.Value is { } loc ? Cap(loc, DocumentLimits.Short) : null,
                Website = urls.FirstOrDefault(u => !IsSocial(u)),
                Summary = summary,
                Links = urls.Where(IsSocial).Select(u => new Link(u.Contains("github", StringComparison.OrdinalIgnoreCase) ? "GitHub" : "LinkedIn", u)).ToList(),
            },
            Work = work.Take(DocumentLimits.Items).ToList(),
            Education = education.Take(DocumentLimits.Items).ToList(),
            Skills = skills.Take(DocumentLimits.Items).ToList(),
            Projects = projects.Take(DocumentLimits.Items).ToList(),
            Certifications = certifications.Take(DocumentLimits.Items).ToList(),
            Languages = languages.Take(DocumentLimits.Items).ToList(),
            CustomSections = custom.Take(DocumentLimits.Items).ToList(),
        };
    }

    private sealed record Entry(List<string> Header, List<string> Bullets);

    /// <summary>Header lines, then bullets; a header line after bullets (or after a blank line) starts the next entry.</summary>
    private static List<Entry> Entries(List<string> body)
    {
        var entries = new List<Entry>();
        Entry? current = null;
        var blank = false;
        foreach (var line in body)
        {
            if (line.Length == 0) { blank = true; continue; }
            if (Bullet().Match(line) is { Success: true } b)
            {
                current ??= new Entry([], []);
                if (!entries.Contains(current)) entries.Add(current);
                current.Bullets.Add(Cap(line[b.Length..].Trim(), DocumentLimits.Item));
            }
            else
            {
                if (current is null || current.Bullets.Count > 0 || blank || current.Header.Count >= 3)
                {
                    current = new Entry([], []);
                    entries.Add(current);
                }
                current.Header.Add(line);
            }
            blank = false;
        }
        return entries;
    }

    private static WorkEntry ToWork(Entry e)
    {
        var (start, end, current, rest) = Dates(string.Join(" | ", e.Header));
        var parts = Parts(rest);
        var (position, company) = parts.Count switch
        {
            0 => ("", ""),
            1 => (parts[0], ""),
            _ => (parts[0], parts[1]),
        };
        return new WorkEntry
        {
            Position = Cap(position, DocumentLimits.Short),
            Company = Cap(company, DocumentLimits.Short),
            Location = parts.Count > 2 ? Cap(parts[2], DocumentLimits.Short) : null,
            StartDate = start,
            EndDate = end,
            Current = current,
            Highlights = e.Bullets.Take(DocumentLimits.Items).ToList(),
        };
    }

    private static EducationEntry ToEducation(Entry e)
    {
        var (start, end, _, rest) = Dates(string.Join(" | ", e.Header));
        var parts = Parts(rest);
        var institution = parts.FirstOrDefault(p => School().IsMatch(p)) ?? parts.FirstOrDefault() ?? "";
        var degree = parts.FirstOrDefault(p => p != institution && Degree().IsMatch(p)) ?? parts.FirstOrDefault(p => p != institution);
        string? studyType = degree, area = null;
        if (degree is not null && degree.Split(" in ", 2, StringSplitOptions.TrimEntries) is [var type, var field]) (studyType, area) = (type, field);
        return new EducationEntry
        {
            Institution = Cap(institution, DocumentLimits.Short),
            StudyType = studyType is null ? null : Cap(studyType, DocumentLimits.Short),
            Area = area is null ? null : Cap(area, DocumentLimits.Short),
            StartDate = start,
            EndDate = end,
            Courses = e.Bullets.Select(b => Cap(b, DocumentLimits.Short)).Take(DocumentLimits.Items).ToList(),
        };
    }

    private static ProjectEntry ToProject(Entry e)
    {
        var (start, end, _, rest) = Dates(string.Join(" | ", e.Header));
        var parts = Parts(rest);
        return new ProjectEntry
        {
            Name = Cap(parts.FirstOrDefault() ?? "Project", DocumentLimits.Short),
            Description = parts.Count > 1 ? Cap(string.Join(", ", parts.Skip(1)), DocumentLimits.Long) : null,
            StartDate = start,
            EndDate = end,
            Highlights = e.Bullets.Take(DocumentLimits.Items).ToList(),
        };
    }

    private static IEnumerable<Skill> ToSkills(List<string> body)
    {
        foreach (var raw in body.Where(l => l.Length > 0))
        {
            var line = Bullet().Replace(raw, "");
            var colon = line.IndexOf(':');
            if (colon > 0 && colon < 40)
            {
                var keywords = Items(line[(colon + 1)..]).ToList();
                if (keywords.Count > 0) { yield return new Skill { Name = Cap(line[..colon].Trim(), DocumentLimits.Short), Keywords = keywords.Take(DocumentLimits.Items).ToList() }; continue; }
            }
            foreach (var item in Items(line)) yield return new Skill { Name = item };
        }
    }

    private static IEnumerable<LanguageSkill> ToLanguages(List<string> body)
    {
        foreach (var item in body.Where(l => l.Length > 0).SelectMany(l => Items(Bullet().Replace(l, ""))))
        {
            var m = LanguageFluency().Match(item);
            yield return m.Success
                ? new LanguageSkill { Language = Cap(m.Groups[1].Value.Trim(), DocumentLimits.Short), Fluency = Cap((m.Groups[2].Success ? m.Groups[2] : m.Groups[3]).Value.Trim(), DocumentLimits.Short) }
                : new LanguageSkill { Language = item };
        }
    }

    private static Certification ToCertification(string raw)
    {
        var (start, end, _, rest) = Dates(Bullet().Replace(raw, ""));
        var parts = Parts(rest);
        return new Certification
        {
            Name = Cap(parts.FirstOrDefault() ?? rest, DocumentLimits.Short),
            Issuer = parts.Count > 1 ? Cap(parts[1], DocumentLimits.Short) : null,
            Date = end ?? start,
        };
    }

    /// <summary>Finds a date range ("Jan 2020 – Present", "2018-2021", "03/2019 to 06/2022"), normalises it, and returns the rest.</summary>
    private static (string? Start, string? End, bool Current, string Remainder) Dates(string text)
    {
        var m = DateRange().Match(text);
        if (m.Success)
        {
            var start = NormalizeDate(m.Groups["start"].Value);
            var endText = m.Groups["end"].Value;
            var current = Regex.IsMatch(endText, "present|current|now|today", RegexOptions.IgnoreCase);
            var end = current ? null : NormalizeDate(endText);
            if (start is not null && end is not null && string.CompareOrdinal(end[..Math.Min(start.Length, end.Length)], start[..Math.Min(start.Length, end.Length)]) < 0) end = null;
            return (start, end, current, text.Remove(m.Index, m.Length));
        }
        var single = SingleDate().Match(text);
        return single.Success ? (null, NormalizeDate(single.Value), false, text.Remove(single.Index, single.Length)) : (null, null, false, text);
    }

    private static string? NormalizeDate(string value)
    {
        value = value.Trim();
        if (Regex.Match(value, @"^(\d{1,2})[/.](\d{4})$") is { Success: true } numeric)
            return int.Parse(numeric.Groups[1].Value, CultureInfo.InvariantCulture) is >= 1 and <= 12 and var month ? $"{numeric.Groups[2].Value}-{month:00}" : numeric.Groups[2].Value;
        if (Regex.Match(value, @"^(\d{4})-(\d{2})$") is { Success: true } iso && FieldFormats.IsPartialDate(value)) return iso.Value;
        if (Regex.Match(value, @"^([A-Za-z]{3,9})\.?\s+(\d{4})$") is { Success: true } named)
        {
            var index = Array.FindIndex(CultureInfo.InvariantCulture.DateTimeFormat.AbbreviatedMonthNames, n => n.Length > 0 && named.Groups[1].Value.StartsWith(n, StringComparison.OrdinalIgnoreCase));
            return index >= 0 ? $"{named.Groups[2].Value}-{index + 1:00}" : named.Groups[2].Value;
        }
        return Regex.Match(value, @"\d{4}") is { Success: true } year ? year.Value : null;
    }

    private static List<string> Parts(string text) =>
        Separator().Split(text).Select(p => p.Trim(' ', ',', '|', '(', ')', '-', '–', '—')).Where(p => p.Length > 0).ToList();

    private static IEnumerable<string> Items(string text) =>
        ItemSeparator().Split(text).Select(s => s.Trim(' ', '.', '-')).Where(s => s.Length is > 0 and <= DocumentLimits.Short);

    private static (Section Kind, string Title)? Heading(string line)
    {
        var key = line.TrimEnd(':').Trim().ToLowerInvariant();
        foreach (var (section, names) in Headings)
            if (names.Contains(key)) return (section, line.TrimEnd(':'));
        // An unknown ALL-CAPS short line ("VOLUNTEERING", "AWARDS:") is a section of its own.
        var letters = key.Where(char.IsLetter).ToList();
        return line.Length <= 40 && letters.Count >= 4 && line.Where(char.IsLetter).All(char.IsUpper) && !line.Contains('@')
            ? (Section.Custom, CultureInfo.InvariantCulture.TextInfo.ToTitleCase(key.TrimEnd(':')))
            : null;
    }

    private static bool IsContactLine(string line) => Email().IsMatch(line) || UrlPattern().IsMatch(line) || Phone().IsMatch(line);

    private static bool IsSocial(string url) => url.Contains("linkedin.com", StringComparison.OrdinalIgnoreCase) || url.Contains("github.com", StringComparison.OrdinalIgnoreCase);

    internal static string Cap(string value, int max) => value.Length <= max ? value : value[..max].TrimEnd();

    [GeneratedRegex(@"[A-Za-z0-9._%+\-]+@[A-Za-z0-9.\-]+\.[A-Za-z]{2,}")]
    private static partial Regex Email();

    [GeneratedRegex(@"(https?://[^\s,;|]+|(www\.|linkedin\.com/|github\.com/)[^\s,;|]+)", RegexOptions.IgnoreCase)]
    private static partial Regex UrlPattern();

    [GeneratedRegex(@"\+?\(?\d[\d\s().\-]{7,}\d")]
    private static partial Regex Phone();

    [GeneratedRegex(@"\b[A-Z][a-zA-Z .]+,\s*[A-Z][a-zA-Z ]+\b(?=\s*($|[|•·]))")]
    private static partial Regex Location();

    [GeneratedRegex(@"^([-*•·‣▪]|\d+[.)])\s*")]
    private static partial Regex Bullet();

    [GeneratedRegex(@"(?<start>(?:[A-Za-z]{3,9}\.?\s+)?\d{4}|\d{1,2}[/.]\d{4}|\d{4}-\d{2})\s*(?:-|–|—|to|until)\s*(?<end>(?:[A-Za-z]{3,9}\.?\s+)?\d{4}|\d{1,2}[/.]\d{4}|\d{4}-\d{2}|present|current|now|today)", RegexOptions.IgnoreCase)]
    private static partial Regex DateRange();

    [GeneratedRegex(@"\b(?:(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.?\s+)?(19|20)\d{2}\b")]
    private static partial Regex SingleDate();

    [GeneratedRegex(@"\s+(?:at|@)\s+|\s*[|•·]\s*|\s+[-–—]\s+|,\s+")]
    private static partial Regex Separator();

    [GeneratedRegex(@"[,;|•·]")]
    private static partial Regex ItemSeparator();

    [GeneratedRegex(@"^(.+?)\s*(?:\((.+)\)|[-–:]\s*(.+))$")]
    private static partial Regex LanguageFluency();

    [GeneratedRegex(@"universit|college|school|institut|academy|polytechnic", RegexOptions.IgnoreCase)]
    private static partial Regex School();

    [GeneratedRegex(@"bachelor|master|b\.?sc|m\.?sc|b\.?a\b|m\.?a\b|ph\.?d|mba|diploma|degree|associate|b\.?eng|m\.?eng", RegexOptions.IgnoreCase)]
    private static partial Regex Degree();
}
