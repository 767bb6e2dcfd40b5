using System.Globalization;
using System.Text.RegularExpressions;
using ResumePair.Contracts.Documents;
using ResumePair.Contracts.Documents.Validation;

namespace ResumePair.AiProxy.Providers.Parsing;

/// <summary>
/// Name, headline and contact details from the header lines. Each line is cut into parts ("a | b · c") and a part
/// is taken only when it is clearly one thing: an e-mail address, a URL, a phone number (digits and phone
/// punctuation only — never a date range), a "City, Country" location. Everything else is left unplaced.
/// </summary>
public static partial class ProfileParser
{
    public static Profile Parse(List<string> header, List<string> unplaced)
    {
        var lines = LabelsWithTheirValues(header.Where(l => l.Length > 0).ToList());
        string? name = null, headline = null, email = null, phone = null, location = null, website = null;
        var links = new List<Link>();
        var nameIndex = -1;
        for (var i = 0; i < Math.Min(3, lines.Count) && name is null; i++)
        {
            var first = ResumeParser.Parts(Lists.StripBullet(lines[i])).FirstOrDefault();
            if (first is not null && IsName(first)) (name, nameIndex) = (NameCase(first), i);
        }

        for (var i = 0; i < lines.Count; i++)
        {
            if (i == nameIndex)
            {
                var rest = ResumeParser.Parts(lines[i]).Skip(1).ToList();
                if (rest.Count == 0) continue;
                lines[i] = string.Join(" | ", rest);
            }
            var parts = ResumeParser.Parts(Lists.StripBullet(lines[i]));
            var leftovers = new List<string>();
            foreach (var raw in parts)
            {
                var (label, part) = Label(raw);
                if (Email().Match(part) is { Success: true } e && e.Length >= part.Length - 1)
                {
                    email ??= e.Value;
                    continue;
                }
                if (Url(part) is { } url)
                {
                    var linkLabel = label ?? SocialLabel(url);
                    if (linkLabel is null && website is null) website = url;
                    else if (links.All(l => l.Url != url) && url != website)
                        links.Add(new Link(linkLabel ?? "Website", url));
                    continue;
                }
                if (IsPhone(part) && label is null or "phone")
                {
                    phone ??= part;
                    continue;
                }
                if ((label == "location" && part.Length <= 60 && !part.Any(char.IsDigit)) || IsLocation(part))
                {
                    location ??= part;
                    continue;
                }
                leftovers.Add(raw);
            }
            if (leftovers.Count == 0) continue;
            var text = string.Join(" | ", leftovers);
            if (headline is null && nameIndex >= 0 && i == nameIndex + 1 && IsHeadline(text)) headline = text;
            else unplaced.Add(text);
        }

        return new Profile
        {
            Name = ResumeParser.Cap(name ?? ResumeParser.NamePlaceholder, DocumentLimits.Short),
            Headline = headline is null ? null : ResumeParser.Cap(headline, DocumentLimits.Short),
            Email = email is { Length: <= 254 } ? email : null,
            Phone = phone is null ? null : ResumeParser.Cap(phone, DocumentLimits.Phone),
            Location = location is null ? null : ResumeParser.Cap(location, DocumentLimits.Short),
            Website = website,
            Links = links.Take(DocumentLimits.Items).ToList(),
        };
    }

    /// <summary>"… LinkedIn:" + "linkedin.com/in/ada": a label wrapped at a line's end goes with the next line's
    /// value.</summary>
    private static List<string> LabelsWithTheirValues(List<string> lines)
    {
        for (var i = 0; i + 1 < lines.Count; i++)
        {
            if (TrailingLabel().Match(lines[i]) is not { Success: true } m) continue;
            lines[i] = lines[i][..m.Index].TrimEnd(' ', '/', '|', '·', ',', ';');
            lines[i + 1] = m.Value.Trim() + " " + lines[i + 1];
        }
        return lines.Where(l => l.Length > 0).ToList();
    }

    public static bool IsContactLine(string line) =>
        Email().IsMatch(line) || ResumeParser.Parts(line).Any(p => Url(p) is not null || IsPhone(Label(p).Text));

    /// <summary>2–5 words of letters, each starting with a capital (particles such as "van", "de" allowed).</summary>
    public static bool IsName(string text)
    {
        if (text.Length > 50 || text.Any(ch => char.IsDigit(ch) || ch is '@' or '/' or ':' or ',')) return false;
        if (Vocabulary.HeadingKind(text) is not null) return false;
        var words = text.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (words.Length is < 2 or > 5) return false;
        var lower = text.ToLowerInvariant();
        if (Vocabulary.TitleWords.Any(w => lower.Contains(w.Trim(), StringComparison.Ordinal) && w.Trim().Length > 4))
            return false;
        return words.All(w => char.IsUpper(w[0]) && w.All(ch => char.IsLetter(ch) || ch is '-' or '\'' or '’' or '.')
                              || Particles.Contains(w));
    }

    private static readonly HashSet<string> Particles =
    [
        "van",
        "von",
        "de",
        "der",
        "den",
        "da",
        "di",
        "du",
        "la",
        "le",
        "y",
        "del",
        "dos",
        "das",
        "bin",
        "al",
    ];

    private static string NameCase(string name) =>
        name.Any(char.IsLower) ? name : CultureInfo.InvariantCulture.TextInfo.ToTitleCase(name.ToLowerInvariant());

    private static bool IsHeadline(string text) =>
        text.Length <= 80 && text.Split(' ').Length <= 10 && !text.EndsWith('.') && text.Count(char.IsDigit) <= 2
        && DateRanges.FindRange(text) is null && text.Any(char.IsLetter);

    private static (string? Label, string Text) Label(string part)
    {
        var m = LabelPattern().Match(part);
        if (!m.Success) return (null, part);
        var word = Vocabulary.Key(m.Groups[1].Value);
        var kind = word switch
        {
            "email" or "mail" or "courriel" or "correo" => "email",
            "phone"
            or "tel"
            or "telephone"
            or "mobile"
            or "mobil"
            or "cell"
            or "telefon"
            or "telefono"
            or "handy"
            or "movil"
            or "portable" => "phone",
            "location" or "address" or "adresse" or "wohnort" or "direccion" or "ubicacion" or "city" or "ort" =>
                "location",
            _ => m.Groups[1].Value.Trim(),
        };
        return (kind, part[m.Length..].Trim());
    }

    public static string? Url(string part)
    {
        var m = UrlPattern().Match(part);
        if (!m.Success || m.Length < part.Length - 1) return null;
        var url = m.Value.TrimEnd('.', ',', ')', ';');
        if (!url.StartsWith("http", StringComparison.OrdinalIgnoreCase)) url = "https://" + url;
        return url.Length <= DocumentLimits.Url && FieldFormats.IsHttpUrl(url) ? url : null;
    }

    private static string? SocialLabel(string url)
    {
        var u = url.ToLowerInvariant();
        return u.Contains("linkedin.com") ? "LinkedIn"
            : u.Contains("github.com") ? "GitHub"
            : u.Contains("gitlab.com") ? "GitLab"
            : u.Contains("twitter.com") || u.Contains("//x.com") ? "X"
            : u.Contains("stackoverflow.com") ? "Stack Overflow"
            : u.Contains("behance.net") ? "Behance"
            : u.Contains("dribbble.com") ? "Dribbble"
            : u.Contains("xing.com") ? "XING"
            : null;
    }

    /// <summary>Digits and phone punctuation only, 7–15 digits, and not a date range such as "(2020-2024".</summary>
    public static bool IsPhone(string part)
    {
        if (!PhonePattern().IsMatch(part)) return false;
        var digits = part.Count(char.IsDigit);
        if (digits is < 7 or > 15) return false;
        if (DateRanges.FindRange(part) is not null || YearsOnly().IsMatch(part)) return false;
        return true;
    }

    public static bool IsLocation(string part)
    {
        if (!LocationPattern().IsMatch(part)) return false;
        var lower = " " + part.ToLowerInvariant().Replace(',', ' ') + " ";
        return !Vocabulary.TitleWords.Any(w => lower.Contains(w, StringComparison.Ordinal))
               && !Vocabulary.CompanyWords.Any(w => lower.Contains(w + " ", StringComparison.Ordinal))
               && !Vocabulary.SchoolWords.Any(w => lower.Contains(w, StringComparison.Ordinal))
               && Vocabulary.HeadingKind(part) is null;
    }

    [GeneratedRegex(@"[A-Za-z0-9._%+\-]+@[A-Za-z0-9.\-]+\.[A-Za-z]{2,}")]
    private static partial Regex Email();

    [GeneratedRegex(
        @"(?:https?://\S+|www\.\S+|(?:[a-z0-9\-]+\.)+"
            + @"(?:com|org|net|io|dev|de|fr|es|uk|me|co|app|ai|eu|ch|at|info|xyz|page|site|tech)(?:/\S*)?)",
        RegexOptions.IgnoreCase
    )]
    private static partial Regex UrlPattern();

    [GeneratedRegex(@"^\+?[\d\s().\-/]{7,24}$")]
    private static partial Regex PhonePattern();

    [GeneratedRegex(@"^\(?\s*(?:19|20)\d{2}\s*[-/–]\s*(?:19|20)?\d{2,4}\s*\)?$")]
    private static partial Regex YearsOnly();

    [GeneratedRegex(@"^\p{Lu}[\p{L}'’.\- ]{1,30},\s*\p{Lu}[\p{L}'’.\- ]{0,30}$")]
    private static partial Regex LocationPattern();

    [GeneratedRegex(@"(?:^|\s)\p{L}[\p{L}\-]{1,19}:$")]
    private static partial Regex TrailingLabel();

    [GeneratedRegex(@"^([\p{L}\-\. ]{2,20}?)\s*:(?!//)\s*(?=\S)")]
    private static partial Regex LabelPattern();
}
