using System.Globalization;
using System.Text;
using ResumePair.Contracts.Documents;

namespace ResumePair.Testing.Imports;

/// <summary>True positives, false positives and false negatives of one field; precision, recall and F1 from
/// them.</summary>
public sealed class Tally
{
    public int Tp { get; private set; }
    public int Fp { get; private set; }
    public int Fn { get; private set; }
    public double Precision => Tp + Fp == 0 ? 1 : (double)Tp / (Tp + Fp);
    public double Recall => Tp + Fn == 0 ? 1 : (double)Tp / (Tp + Fn);
    public double F1 => Precision + Recall == 0 ? 0 : 2 * Precision * Recall / (Precision + Recall);

    public void Add(int tp, int fp, int fn) => (Tp, Fp, Fn) = (Tp + tp, Fp + fp, Fn + fn);
    public void Add(Tally other) => Add(other.Tp, other.Fp, other.Fn);
}

/// <summary>
/// Field-level scores of extracted resumes against the corpus's expected data. A scalar contact field counts a true
/// positive when it equals the expected value, a false positive when it is filled but wrong (a wrong value is worse
/// than none: it is also a false negative), a false negative when it is missing. Lists are matched as multisets of
/// keys: a work entry is (company, position, start, end or "current") as one unit, an education entry (institution,
/// degree = study type + area, start, end), skills and languages by name (skills flattened: a group's keywords).
/// Comparison ignores case, accents are kept, whitespace is collapsed, phones compare digits only.
/// </summary>
public sealed class CorpusScore
{
    public static readonly string[] Fields = ["name", "email", "phone", "location", "links", "work", "education",
        "skills", "languages"];
    public static readonly string[] ContactFields = ["name", "email", "phone", "location", "links"];

    /// <summary>The issue's targets: contact F1 ≥ 0.95, work and education entries ≥ 0.85, skills ≥ 0.8.</summary>
    public static readonly IReadOnlyDictionary<string, double> Targets = new Dictionary<string, double>
    {
        ["contact"] = 0.95, ["work"] = 0.85, ["education"] = 0.85, ["skills"] = 0.80, ["languages"] = 0.80,
    };

    /// <summary>(field, source type) → tally; source type "all" is the sum.</summary>
    private readonly Dictionary<(string Field, string Source), Tally> _tallies = [];

    /// <summary>Per case: what went wrong, for the bench's --verbose and a failing test's message.</summary>
    public List<string> Misses { get; } = [];

    public Tally this[string field, string source = "all"] =>
        _tallies.TryGetValue((field, source), out var t) ? t : new Tally();

    /// <summary>A category: "contact" sums name/email/phone/location/links; the others are one field each.</summary>
    public Tally Category(string category, string source = "all")
    {
        var sum = new Tally();
        foreach (var field in category == "contact" ? ContactFields : [category]) sum.Add(this[field, source]);
        return sum;
    }

    public IEnumerable<string> SourceTypes =>
        _tallies.Keys.Select(k => k.Source).Where(s => s != "all").Distinct().Order();

    public void Add(CorpusCase corpusCase, ResumeData actual)
    {
        var e = corpusCase.Expected;
        var p = e.Profile;
        var a = actual.Profile;
        Scalar(corpusCase, "name", p.Name, a.Name, Text);
        Scalar(corpusCase, "email", p.Email, a.Email, Text);
        Scalar(corpusCase, "phone", p.Phone, a.Phone, Phone);
        Scalar(corpusCase, "location", p.Location, a.Location, Text);
        Set(corpusCase, "links", Links(e.Profile), Links(actual.Profile));
        Set(corpusCase, "work", e.Work.Select(WorkKey), actual.Work.Select(WorkKey));
        Set(corpusCase, "education", e.Education.Select(EducationKey), actual.Education.Select(EducationKey));
        Set(corpusCase, "skills", SkillKeys(e.Skills), SkillKeys(actual.Skills));
        Set(
            corpusCase,
            "languages",
            e.Languages.Select(l => Text(l.Language)),
            actual.Languages.Select(l => Text(l.Language))
        );
    }

    private void Count(CorpusCase c, string field, int tp, int fp, int fn)
    {
        foreach (var source in new[] { "all", c.SourceType })
        {
            if (!_tallies.TryGetValue((field, source), out var t)) _tallies[(field, source)] = t = new Tally();
            t.Add(tp, fp, fn);
        }
    }

    private void Scalar(CorpusCase c, string field, string? expected, string? actual, Func<string, string> normalize)
    {
        var exp = string.IsNullOrWhiteSpace(expected) ? null : normalize(expected);
        var act = string.IsNullOrWhiteSpace(actual) ? null : normalize(actual);
        if (field == "name" && actual == "Your Name") act = null; // the placeholder is "unsure", not a claim
        if (exp is null && act is null) return;
        if (exp == act) { Count(c, field, 1, 0, 0); return; }
        Count(c, field, 0, act is null ? 0 : 1, exp is null ? 0 : 1);
        Misses.Add($"{c.Name} {field}: expected '{expected}', got '{actual}'");
    }

    private void Set(CorpusCase c, string field, IEnumerable<string> expected, IEnumerable<string> actual)
    {
        var remaining = expected.ToList();
        var extra = new List<string>();
        var tp = 0;
        foreach (var item in actual)
        {
            if (remaining.Remove(item)) tp++;
            else extra.Add(item);
        }
        Count(c, field, tp, extra.Count, remaining.Count);
        if (remaining.Count > 0 || extra.Count > 0)
            Misses.Add(
                $"{c.Name} {field}: missing [{string.Join("; ", remaining)}] extra [{string.Join("; ", extra)}]"
            );
    }

    public static string Text(string value)
    {
        var collapsed = string.Join(' ', value.Normalize(NormalizationForm.FormC)
            .Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        return collapsed.Trim(' ', ',', '.', ';', '|', '·').ToLower(CultureInfo.InvariantCulture);
    }

    private static string Phone(string value) => new(value.Where(ch => char.IsDigit(ch) || ch == '+').ToArray());

    private static IEnumerable<string> Links(Profile profile) =>
        profile.Links.Select(l => l.Url).Append(profile.Website).Where(u => !string.IsNullOrWhiteSpace(u))
            .Select(u => Url(u!)).Distinct();

    public static string Url(string url)
    {
        var u = url.Trim().ToLowerInvariant();
        foreach (var prefix in new[] { "https://", "http://", "www." })
            if (u.StartsWith(prefix, StringComparison.Ordinal)) u = u[prefix.Length..];
        return u.TrimEnd('/');
    }

    private static string WorkKey(WorkEntry w) =>
        $"{Text(w.Company)} / {Text(w.Position)} / {w.StartDate} / {(w.Current ? "current" : w.EndDate)}";

    private static string EducationKey(EducationEntry e) =>
        $"{Text(e.Institution)} / {Degree(e.StudyType, e.Area)} / {e.StartDate} / {e.EndDate}";

    /// <summary>"BSc in Mathematics" and study type "BSc" + area "Mathematics" are the same degree.</summary>
    private static string Degree(string? studyType, string? area)
    {
        var words = Text($"{studyType} {area}").Split(' ')
            .Where(w => w is not ("in" or "en" or "de" or "of"));
        return string.Concat(string.Join(' ', words).Where(ch => char.IsLetterOrDigit(ch) || ch == ' ')).Trim();
    }

    private static IEnumerable<string> SkillKeys(IEnumerable<Skill> skills) =>
        skills.SelectMany(s => s.Keywords.Count > 0 ? s.Keywords : [s.Name]).Select(Text).Distinct();

    /// <summary>The table the bench prints: per field, per source type, and the categories against their
    /// targets.</summary>
    public string Report()
    {
        var sources = SourceTypes.ToList();
        var text = new StringBuilder();
        text.AppendLine($"{"field",-11}{"P",7}{"R",7}{"F1",7}  " + string.Join("", sources.Select(s => $"{s,14}")));
        foreach (var field in Fields)
        {
            var all = this[field];
            text.Append(
                CultureInfo.InvariantCulture,
                $"{field, -11}{all.Precision, 7:0.000}{all.Recall, 7:0.000}{all.F1, 7:0.000}  "
            );
            foreach (var s in sources)
                text.Append(_tallies.ContainsKey((field, s)) ? $"{this[field, s].F1,14:0.000}" : $"{"-",14}");
            text.AppendLine();
        }
        text.AppendLine();
        foreach (var (category, target) in Targets)
        {
            var t = Category(category);
            var verdict = t.F1 >= target ? "ok" : "BELOW";
            text.AppendLine(
                CultureInfo.InvariantCulture,
                $"{category, -11}{t.Precision, 7:0.000}{t.Recall, 7:0.000}{t.F1, 7:0.000}  target {target:0.00} "
                    + $"{verdict}   (tp {t.Tp}, fp {t.Fp}, fn {t.Fn})"
            );
        }
        return text.ToString();
    }
}
