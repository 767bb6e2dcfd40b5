using System.Globalization;
using System.Text.RegularExpressions;

namespace ResumePair.AiProxy.Providers.Parsing;

/// <summary>A period found in a line: where it is, its normalised dates (YYYY or YYYY-MM), and whether it is
/// ongoing.</summary>
public sealed record DateSpan(int Index, int Length, string? Start, string? End, bool Current);

/// <summary>
/// Date ranges as resumes write them, in en/de/fr/es: "03/2019 – present", "Mar 2019 - Now", "2019–2021",
/// "2015-04 to 2019-03", "März 2019 – heute", "seit 2020", "depuis 2020", "ene. 2019 - actualidad". A range whose end
/// is before its start keeps only its start (a wrong end is worse than none).
/// </summary>
public static partial class DateRanges
{
    public static DateSpan? FindRange(string text)
    {
        foreach (Match m in Range().Matches(text))
        {
            var start = Parse(m.Groups["s"].Value);
            if (start is null) continue;
            var endText = m.Groups["e"].Value;
            if (Now().IsMatch(endText)) return new DateSpan(m.Index, m.Length, start, null, true);
            var end = Parse(endText);
            if (end is null) continue;
            var n = Math.Min(start.Length, end.Length);
            if (string.CompareOrdinal(end[..n], start[..n]) < 0) end = null;
            return new DateSpan(m.Index, m.Length, start, end, false);
        }
        return Since().Match(text) is { Success: true } since && Parse(since.Groups["d"].Value) is { } from
            ? new DateSpan(since.Index, since.Length, from, null, true)
            : null;
    }

    /// <summary>A range, or else a lone date (an education's "2016"): the lone date is the end.</summary>
    public static DateSpan? FindAny(string text)
    {
        if (FindRange(text) is { } range) return range;
        foreach (Match m in Single().Matches(text))
            if (Parse(m.Value) is { } date) return new DateSpan(m.Index, m.Length, null, date, false);
        return null;
    }

    /// <summary>"November 2020", "2019", "present": a line that is only (the rest of) a date, cut off by a narrow
    /// cell.</summary>
    public static bool IsFragment(string line) => FragmentPattern.IsMatch(line.Trim());

    /// <summary>"February 2019 -" or "March 2017 - March": a range whose end went on to the next line.</summary>
    public static bool EndsOpen(string text) => OpenPattern.IsMatch(text.Trim());

    /// <summary>"03/2019", "2019-03", "Mar. 2019", "März 2019", "2019" → "2019-03" or "2019"; null if not a
    /// date.</summary>
    public static string? Parse(string value)
    {
        var v = value.Trim().TrimEnd('.', ',');
        if (NumericMonthYear().Match(v) is { Success: true } my)
            return Month(int.Parse(my.Groups[1].Value, CultureInfo.InvariantCulture), my.Groups[2].Value);
        if (YearMonth().Match(v) is { Success: true } ym)
            return Month(int.Parse(ym.Groups[2].Value, CultureInfo.InvariantCulture), ym.Groups[1].Value);
        if (NamedMonth().Match(v) is { Success: true } named
            && Months.TryGetValue(MonthKey(named.Groups[1].Value), out var month))
            return $"{named.Groups[2].Value}-{month:00}";
        return Year().IsMatch(v) ? v : null;
    }

    private static string? Month(int month, string year) => month is >= 1 and <= 12 ? $"{year}-{month:00}" : null;

    private static string MonthKey(string word) => Vocabulary.StripAccents(word.TrimEnd('.')).ToLowerInvariant();

    private static readonly string[][] MonthNames =
        [
            ["jan", "january", "januar", "janv", "janvier", "ene", "enero", "jänner"],
            ["feb", "february", "februar", "févr", "fév", "février", "febrero"],
            ["mar", "march", "märz", "maerz", "mars", "marzo", "mrz"],
            ["apr", "april", "avr", "avril", "abr", "abril"],
            ["may", "mai", "mayo"],
            ["jun", "june", "juni", "juin", "junio"],
            ["jul", "july", "juli", "juil", "juillet", "julio"],
            ["aug", "august", "août", "ago", "agosto"],
            ["sep", "sept", "september", "septembre", "septiembre", "setiembre"],
            ["oct", "october", "okt", "oktober", "octobre", "octubre"],
            ["nov", "november", "novembre", "noviembre"],
            ["dec", "december", "dez", "dezember", "déc", "décembre", "dic", "diciembre"],
        ];

    // After MonthNames: static fields initialise in the order they are written.
    private static readonly Dictionary<string, int> Months = BuildMonths();

    private static Dictionary<string, int> BuildMonths()
    {
        var names = MonthNames;
        var map = new Dictionary<string, int>();
        for (var i = 0; i < names.Length; i++)
            foreach (var n in names[i]) map[MonthKey(n)] = i + 1;
        return map;
    }

    private static readonly string MonthWord =
        @"(?:\b(?:" + string.Join('|', MonthNames.SelectMany(n => n).OrderByDescending(n => n.Length)) + @")\.?)";
    private static readonly string Date =
        @"(?:"
        + MonthWord
        + @"\s*(?:de\s+)?(?:19|20)\d{2}|\d{1,2}\s?[/.]\s?(?:19|20)\d{2}"
        + @"|(?:19|20)\d{2}[-/.](?:0?[1-9]|1[0-2])(?!\d)|(?:19|20)\d{2})";
    private const string NowWords = @"present|current|currently|now|today|ongoing|date|heute|aktuell|jetzt|laufend|"
                                    + @"gegenwärtig|dato|aujourd'hui|aujourd’hui|présent|actuel|actuellement|en cours|"
                                    + @"actualidad|presente|actual|actualmente|hoy|la fecha";

    private const RegexOptions Options =
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.Compiled;

    private static readonly Regex RangePattern = new(
        @"(?<s>"
            + Date
            + @")\s*(?:-|–|—|‐|\bto\b|\buntil\b|\btill\b|"
            + @"\bbis\b|\bà\b|\bau\b|\ba\b|\bhasta\b|\bal\b)\s*(?<e>"
            + Date
            + @"|(?:"
            + NowWords
            + @")(?![\w']))",
        Options
    );
    private static Regex Range() => RangePattern;

    private static readonly Regex SincePattern = new(
        @"\b(?:since|seit|(?-i:ab)|depuis|desde)\s+(?<d>" + Date + ")",
        Options
    );
    private static Regex Since() => SincePattern;

    [GeneratedRegex("^(?:" + NowWords + ")$", RegexOptions.IgnoreCase)]
    private static partial Regex Now();

    private static readonly Regex SinglePattern = new(Date, Options);
    private static readonly Regex FragmentPattern = new(
        @"^(?:(?:" + MonthWord + @"|(?:19|20)\d{2}|\d{1,2}/(?:19|20)\d{2}|" + NowWords + @")\s*)+$",
        Options
    );
    private static readonly Regex OpenPattern = new("(?:" + Date + @")\s*[-–—]\s*(?:" + MonthWord + ")?$", Options);
    private static Regex Single() => SinglePattern;

    [GeneratedRegex(@"^(\d{1,2})\s?[/.]\s?((?:19|20)\d{2})$")]
    private static partial Regex NumericMonthYear();

    [GeneratedRegex(@"^((?:19|20)\d{2})[-/.](\d{1,2})$")]
    private static partial Regex YearMonth();

    [GeneratedRegex(@"^([A-Za-zÀ-ÿ]{3,10})\.?\s*(?:de\s+)?((?:19|20)\d{2})$", RegexOptions.IgnoreCase)]
    private static partial Regex NamedMonth();

    [GeneratedRegex(@"^(?:19|20)\d{2}$")]
    private static partial Regex Year();
}
