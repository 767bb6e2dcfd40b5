using System.Text.RegularExpressions;
using ResumePair.Contracts.Documents;

namespace ResumePair.Documents.Scoring;

/// <summary>One check of the score: what it looked at, what it found, and the field to fix (a validator-style
/// path).</summary>
/// <param name="Id">Stable id of the check (<c>contact.email</c>, <c>achievements.quantified</c>).</param>
/// <param name="Category"><c>ats</c>, <c>achievements</c>, <c>verbs</c>, <c>length</c>, <c>sections</c> or
/// <c>contact</c>.</param>
/// <param name="Passed">True when the check earned all its points.</param>
/// <param name="Text">What to tell the user: a key of <see cref="ScoreTexts"/>, with <paramref name="Args"/>. Stored so
/// (the score is memoised), the words are chosen when it is read, in the reader's language.</param>
public sealed record ScoreReason(string Id, string Category, bool Passed, int Points, int MaxPoints, string Text,
    IReadOnlyList<string> Args, string? Path);

/// <param name="Id">Also the key of its name (<c>category.{Id}</c> in <see cref="ScoreTexts"/>).</param>
public sealed record ScoreCategory(string Id, int Points, int MaxPoints);

public sealed record ResumeScore(
    int Score,
    IReadOnlyList<ScoreCategory> Categories,
    IReadOnlyList<ScoreReason> Reasons
);

/// <summary>
/// A deterministic resume score out of 100: the same resume always gets the same score and reasons (no model, no
/// clock, no randomness), so it can be memoised per document version and tested on fixed resumes. Bump
/// <see cref="Version"/> whenever a rule changes, so memoised scores of the old rules are not served (version 2:
/// reasons as text keys and arguments instead of English sentences; rows of version 1 are scored again when read).
/// </summary>
public static partial class ResumeScorer
{
    public const int Version = 2;

    public static readonly IReadOnlyList<string> CategoryIds =
        ["contact", "sections", "achievements", "verbs", "length", "ats"];

    public static ResumeScore Score(ResumeData resume)
    {
        var reasons = new List<ScoreReason>();
        Contact(resume.Profile, reasons);
        Sections(resume, reasons);
        var bullets = Bullets(resume).ToList();
        Achievements(resume, bullets, reasons);
        Verbs(bullets, reasons);
        Length(resume, bullets, reasons);
        Ats(resume, reasons);
        var categories = CategoryIds.Select(id => new ScoreCategory(id,
            reasons.Where(r => r.Category == id).Sum(r => r.Points),
            reasons.Where(r => r.Category == id).Sum(r => r.MaxPoints))).ToList();
        return new ResumeScore(categories.Sum(c => c.Points), categories, reasons);
    }

    private static void Contact(Profile p, List<ScoreReason> reasons)
    {
        Check(reasons, "contact.name", "contact", 3, Has(p.Name), "data.profile.name");
        Check(reasons, "contact.email", "contact", 4, Has(p.Email), "data.profile.email");
        Check(reasons, "contact.phone", "contact", 3, Has(p.Phone), "data.profile.phone");
        Check(reasons, "contact.location", "contact", 3, Has(p.Location), "data.profile.location");
        var linked = Has(p.Website) || p.Links.Any(l => Has(l.Url));
        Check(reasons, "contact.link", "contact", 2, linked, "data.profile.website");
    }

    private static void Sections(ResumeData r, List<ScoreReason> reasons)
    {
        Check(reasons, "sections.summary", "sections", 5, Has(r.Profile.Summary), "data.profile.summary");
        Check(reasons, "sections.work", "sections", 7, r.Work.Count > 0, "data.work");
        Check(reasons, "sections.education", "sections", 4, r.Education.Count > 0, "data.education");
        Check(reasons, "sections.skills", "sections", 4, r.Skills.Count > 0, "data.skills");
    }

    private static void Achievements(ResumeData r, IReadOnlyList<Bullet> bullets, List<ScoreReason> reasons)
    {
        const int max = 20;
        if (bullets.Count == 0)
        {
            reasons.Add(new("achievements.quantified", "achievements", false, 0, max, "achievements.quantified.none",
                [], r.Work.Count > 0 ? "data.work[0].highlights" : "data.work"));
            return;
        }
        var without = bullets.Where(b => !Number().IsMatch(b.Text)).ToList();
        var share = (double)(bullets.Count - without.Count) / bullets.Count;
        // Half the bullets with a number is what reviewers expect; more earns nothing extra.
        var points = (int)Math.Round(max * Math.Min(1, share / 0.5));
        reasons.Add(new("achievements.quantified", "achievements", points == max, points, max,
            points == max ? "achievements.quantified.ok" : "achievements.quantified.fix",
            [Count(bullets.Count - without.Count), Count(bullets.Count)], without.FirstOrDefault()?.Path));
        // The bullets to fix, when the check fell short (beyond half, a bullet without a number is fine).
        foreach (var b in points < max ? without.Take(3) : Enumerable.Empty<Bullet>())
            reasons.Add(new("achievements.unquantified", "achievements", false, 0, 0, "achievements.unquantified",
                [Short(b.Text)], b.Path));
    }

    private static void Verbs(IReadOnlyList<Bullet> bullets, List<ScoreReason> reasons)
    {
        const int max = 15;
        if (bullets.Count == 0)
        {
            reasons.Add(new("verbs.action", "verbs", false, 0, max, "verbs.action.none", [], null));
            return;
        }
        var weak = bullets.Where(b => !StartsWithActionVerb(b.Text)).ToList();
        var share = (double)(bullets.Count - weak.Count) / bullets.Count;
        var points = (int)Math.Round(max * Math.Min(1, share / 0.8));
        reasons.Add(new("verbs.action", "verbs", points == max, points, max,
            points == max ? "verbs.action.ok" : "verbs.action.fix", [Count(weak.Count), Count(bullets.Count)],
            weak.FirstOrDefault()?.Path));
        foreach (var b in points < max ? weak.Take(3) : Enumerable.Empty<Bullet>())
            reasons.Add(new("verbs.weak", "verbs", false, 0, 0, "verbs.weak", [Short(b.Text), FirstWords(b.Text)],
                b.Path));
    }

    private static void Length(ResumeData r, IReadOnlyList<Bullet> bullets, List<ScoreReason> reasons)
    {
        var words = Words(ResumeText(r));
        var (points, text) = words switch
        {
            < 150 => (4, "length.words.tooShort"),
            < 300 => (10, "length.words.short"),
            <= 800 => (12, "length.words.good"),
            <= 1100 => (8, "length.words.long"),
            _ => (4, "length.words.tooLong"),
        };
        reasons.Add(new("length.words", "length", points == 12, points, 12, text, [Count(words)], null));
        var longOnes = bullets.Where(b => Words(b.Text) > 40).ToList();
        Check(reasons, "length.bullets", "length", 3, longOnes.Count == 0, longOnes.FirstOrDefault()?.Path,
            Count(longOnes.Count));
    }

    private static void Ats(ResumeData r, List<ScoreReason> reasons)
    {
        var undated = r.Work.Select((w, i) => (w, i)).Where(x => !Has(x.w.StartDate)).Select(x => x.i).ToList();
        Check(reasons, "ats.dates", "ats", 4, undated.Count == 0,
            undated.Count > 0 ? $"data.work[{undated[0]}].startDate" : null);
        var untitled = r
            .Work.Select((w, i) => (w, i))
            .Where(x => !Has(x.w.Position) || !Has(x.w.Company))
            .Select(x => x.i)
            .ToList();
        Check(
            reasons,
            "ats.titles",
            "ats",
            4,
            untitled.Count == 0,
            untitled.Count > 0
                ? $"data.work[{untitled[0]}].{(Has(r.Work[untitled[0]].Position) ? "company" : "position")}"
                : null
        );
        Check(reasons, "ats.headline", "ats", 2, Has(r.Profile.Headline), "data.profile.headline");
        var symbols = Bullets(r).FirstOrDefault(b => Decorations().IsMatch(b.Text));
        Check(reasons, "ats.symbols", "ats", 3, symbols is null, symbols?.Path);
        var columns = r.Design?.Columns ?? 1;
        Check(reasons, "ats.columns", "ats", 2, columns < 2, "data.design.columns");
    }

    private sealed record Bullet(string Text, string Path);

    private static IEnumerable<Bullet> Bullets(ResumeData r)
    {
        for (var i = 0; i < r.Work.Count; i++)
        for (var j = 0; j < r.Work[i].Highlights.Count; j++)
            if (Has(r.Work[i].Highlights[j]))
                yield return new(r.Work[i].Highlights[j].Trim(), $"data.work[{i}].highlights[{j}]");
        for (var i = 0; i < r.Projects.Count; i++)
        for (var j = 0; j < r.Projects[i].Highlights.Count; j++)
            if (Has(r.Projects[i].Highlights[j]))
                yield return new(r.Projects[i].Highlights[j].Trim(), $"data.projects[{i}].highlights[{j}]");
    }

    private static string ResumeText(ResumeData r) =>
        string.Join(
            ' ',
            new[] { r.Profile.Headline, r.Profile.Summary }
                .Concat(r.Work.SelectMany(w => new[] { w.Position, w.Company, w.Summary }.Concat(w.Highlights)))
                .Concat(r.Education.SelectMany(e => new[] { e.Institution, e.Area, e.StudyType }.Concat(e.Courses)))
                .Concat(r.Skills.SelectMany(s => new[] { s.Name }.Concat(s.Keywords)))
                .Concat(r.Projects.SelectMany(p => new[] { p.Name, p.Description }.Concat(p.Highlights)))
                .Concat(r.Certifications.Select(c => c.Name))
                .Concat(
                    r.CustomSections.SelectMany(c =>
                        c.Items.SelectMany(i => new[] { i.Title, i.Description }.Concat(i.Highlights))
                    )
                )
                .Where(Has)
        );

    /// <summary>A check worth all or nothing; its texts are <c>{id}.ok</c> and <c>{id}.fix</c>.</summary>
    private static void Check(List<ScoreReason> reasons, string id, string category, int max, bool passed, string? path,
        params string[] args) =>
        reasons.Add(new(id, category, passed, passed ? max : 0, max, passed ? $"{id}.ok" : $"{id}.fix", args,
            passed ? null : path));

    private static string Count(int n) => n.ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static bool StartsWithActionVerb(string text)
    {
        var first = FirstWord().Match(text).Value.ToLowerInvariant();
        return ActionVerbs.Words.Contains(first);
    }

    private static bool Has(string? text) => !string.IsNullOrWhiteSpace(text);

    private static int Words(string? text) => string.IsNullOrWhiteSpace(text) ? 0 : WordPattern().Count(text);

    private static string Short(string text) => text.Length <= 60 ? text : text[..57].TrimEnd() + "…";

    private static string FirstWords(string text) =>
        string.Join(' ', text.Split(' ', StringSplitOptions.RemoveEmptyEntries).Take(2));

    [GeneratedRegex(
        @"\d|\b(one|two|three|four|five|six|seven|eight|nine|ten|twice|double[ds]?|halved|tripled)\b",
        RegexOptions.IgnoreCase
    )]
    private static partial Regex Number();

    [GeneratedRegex(@"^[\p{L}]+")]
    private static partial Regex FirstWord();

    [GeneratedRegex(@"[\p{L}\p{N}][\p{L}\p{N}'’.-]*")]
    private static partial Regex WordPattern();

    [GeneratedRegex(
        @"[\u2022\u2023\u25A0-\u25FF\u2600-\u27BF\u2190-\u21FF\u2713\u2714\u2605\u2606]|[\uD83C-\uDBFF][\uDC00-\uDFFF]"
    )]
    private static partial Regex Decorations();
}
