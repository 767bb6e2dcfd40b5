using System.Text.RegularExpressions;
using ResumePair.Contracts.Documents;

namespace ResumePair.Documents.Scoring;

/// <summary>One check of the score: what it looked at, what it found, and the field to fix (a validator-style path).</summary>
/// <param name="Id">Stable id of the check (<c>contact.email</c>, <c>achievements.quantified</c>).</param>
/// <param name="Category"><c>ats</c>, <c>achievements</c>, <c>verbs</c>, <c>length</c>, <c>sections</c> or <c>contact</c>.</param>
/// <param name="Passed">True when the check earned all its points.</param>
public sealed record ScoreReason(string Id, string Category, bool Passed, int Points, int MaxPoints, string Message, string? Path);

public sealed record ScoreCategory(string Id, string Name, int Points, int MaxPoints);

public sealed record ResumeScore(int Score, IReadOnlyList<ScoreCategory> Categories, IReadOnlyList<ScoreReason> Reasons);

/// <summary>
/// A deterministic resume score out of 100: the same resume always gets the same score and reasons (no model, no
/// clock, no randomness), so it can be memoised per document version and tested on fixed resumes. Bump
/// <see cref="Version"/> whenever a rule changes, so memoised scores of the old rules are not served.
/// </summary>
public static partial class ResumeScorer
{
    public const int Version = 1;

    public static readonly IReadOnlyList<(string Id, string Name)> CategoryNames =
    [
        ("contact", "Contact completeness"), ("sections", "Missing sections"), ("achievements", "Quantified achievements"),
        ("verbs", "Action verbs"), ("length", "Length"), ("ats", "ATS readability"),
    ];

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
        var categories = CategoryNames.Select(c => new ScoreCategory(c.Id, c.Name,
            reasons.Where(r => r.Category == c.Id).Sum(r => r.Points), reasons.Where(r => r.Category == c.Id).Sum(r => r.MaxPoints))).ToList();
        return new ResumeScore(categories.Sum(c => c.Points), categories, reasons);
    }

    private static void Contact(Profile p, List<ScoreReason> reasons)
    {
        Check(reasons, "contact.name", "contact", 3, Has(p.Name), "Your name is at the top.", "Add your full name.", "data.profile.name");
        Check(reasons, "contact.email", "contact", 4, Has(p.Email), "An email address to reach you.",
            "Add an email address: recruiters reply by mail.", "data.profile.email");
        Check(reasons, "contact.phone", "contact", 3, Has(p.Phone), "A phone number.", "Add a phone number.", "data.profile.phone");
        Check(reasons, "contact.location", "contact", 3, Has(p.Location), "Your location (city, country).",
            "Add your city and country: many searches filter by location.", "data.profile.location");
        Check(reasons, "contact.link", "contact", 2, Has(p.Website) || p.Links.Any(l => Has(l.Url)), "A website or profile link.",
            "Add a link (LinkedIn, GitHub, portfolio).", "data.profile.website");
    }

    private static void Sections(ResumeData r, List<ScoreReason> reasons)
    {
        Check(reasons, "sections.summary", "sections", 5, Has(r.Profile.Summary), "A summary introduces you.",
            "Add a two- or three-sentence summary at the top.", "data.profile.summary");
        Check(reasons, "sections.work", "sections", 7, r.Work.Count > 0, "Work experience is listed.",
            "Add your work experience (internships and volunteering count).", "data.work");
        Check(reasons, "sections.education", "sections", 4, r.Education.Count > 0, "Education is listed.",
            "Add your education.", "data.education");
        Check(reasons, "sections.skills", "sections", 4, r.Skills.Count > 0, "Skills are listed.",
            "Add skills: applicant tracking systems match them against the posting.", "data.skills");
    }

    private static void Achievements(ResumeData r, IReadOnlyList<Bullet> bullets, List<ScoreReason> reasons)
    {
        const int max = 20;
        if (bullets.Count == 0)
        {
            reasons.Add(new("achievements.quantified", "achievements", false, 0, max,
                "Add achievements (highlights) to your positions, with numbers: time saved, revenue, users, %.",
                r.Work.Count > 0 ? "data.work[0].highlights" : "data.work"));
            return;
        }
        var without = bullets.Where(b => !Number().IsMatch(b.Text)).ToList();
        var share = (double)(bullets.Count - without.Count) / bullets.Count;
        // Half the bullets with a number is what reviewers expect; more earns nothing extra.
        var points = (int)Math.Round(max * Math.Min(1, share / 0.5));
        reasons.Add(new("achievements.quantified", "achievements", points == max, points, max, points == max
            ? $"{bullets.Count - without.Count} of {bullets.Count} highlights show a number."
            : $"Only {bullets.Count - without.Count} of {bullets.Count} highlights show a number; quantify results (%, €, users, time).",
            without.FirstOrDefault()?.Path));
        // The bullets to fix, when the check fell short (beyond half, a bullet without a number is fine).
        foreach (var b in points < max ? without.Take(3) : Enumerable.Empty<Bullet>())
            reasons.Add(new("achievements.unquantified", "achievements", false, 0, 0, $"No number in \"{Short(b.Text)}\".", b.Path));
    }

    private static void Verbs(IReadOnlyList<Bullet> bullets, List<ScoreReason> reasons)
    {
        const int max = 15;
        if (bullets.Count == 0)
        {
            reasons.Add(new("verbs.action", "verbs", false, 0, max, "Start each highlight with an action verb (Led, Built, Cut…).", null));
            return;
        }
        var weak = bullets.Where(b => !StartsWithActionVerb(b.Text)).ToList();
        var share = (double)(bullets.Count - weak.Count) / bullets.Count;
        var points = (int)Math.Round(max * Math.Min(1, share / 0.8));
        reasons.Add(new("verbs.action", "verbs", points == max, points, max, points == max
            ? "Highlights start with action verbs."
            : $"{weak.Count} of {bullets.Count} highlights do not start with an action verb.", weak.FirstOrDefault()?.Path));
        foreach (var b in points < max ? weak.Take(3) : Enumerable.Empty<Bullet>())
            reasons.Add(new("verbs.weak", "verbs", false, 0, 0,
                $"\"{Short(b.Text)}\": start with what you did (Led, Built, Reduced…), not \"{FirstWords(b.Text)}\".", b.Path));
    }

    private static void Length(ResumeData r, IReadOnlyList<Bullet> bullets, List<ScoreReason> reasons)
    {
        var words = Words(ResumeText(r));
        var (points, message) = words switch
        {
            < 150 => (4, $"{words} words: too short to show your experience; aim for 300–800."),
            < 300 => (10, $"{words} words: a little short; aim for 300–800."),
            <= 800 => (12, $"{words} words: a good length for one or two pages."),
            <= 1100 => (8, $"{words} words: long; cut to the most relevant 800."),
            _ => (4, $"{words} words: too long for a recruiter's first read; cut to 800."),
        };
        reasons.Add(new("length.words", "length", points == 12, points, 12, message, null));
        var longOnes = bullets.Where(b => Words(b.Text) > 40).ToList();
        Check(reasons, "length.bullets", "length", 3, longOnes.Count == 0, "Highlights are short enough to scan.",
            $"{longOnes.Count} highlight(s) run over 40 words; split or shorten them.", longOnes.FirstOrDefault()?.Path);
    }

    private static void Ats(ResumeData r, List<ScoreReason> reasons)
    {
        var undated = r.Work.Select((w, i) => (w, i)).Where(x => !Has(x.w.StartDate)).Select(x => x.i).ToList();
        Check(reasons, "ats.dates", "ats", 4, undated.Count == 0, "Every position has a start date.",
            "Give every position a start date: parsers order your experience by it.",
            undated.Count > 0 ? $"data.work[{undated[0]}].startDate" : null);
        var untitled = r.Work.Select((w, i) => (w, i)).Where(x => !Has(x.w.Position) || !Has(x.w.Company)).Select(x => x.i).ToList();
        Check(reasons, "ats.titles", "ats", 4, untitled.Count == 0, "Every position names its title and company.",
            "Name the title and the company of every position.",
            untitled.Count > 0 ? $"data.work[{untitled[0]}].{(Has(r.Work[untitled[0]].Position) ? "company" : "position")}" : null);
        Check(reasons, "ats.headline", "ats", 2, Has(r.Profile.Headline), "A headline says what you do.",
            "Add a headline with the job title you are after: it is matched against searches.", "data.profile.headline");
        var symbols = Bullets(r).FirstOrDefault(b => Decorations().IsMatch(b.Text));
        Check(reasons, "ats.symbols", "ats", 3, symbols is null, "No decorative symbols that parsers misread.",
            "Remove symbols and emoji (★, ✓, •, →) from the text: parsers misread them.", symbols?.Path);
        var columns = r.Design?.Columns ?? 1;
        Check(reasons, "ats.columns", "ats", 2, columns < 2, "A single-column layout reads in order.",
            "Two columns can be read out of order by older tracking systems; prefer one column for online applications.",
            "data.design.columns");
    }

    private sealed record Bullet(string Text, string Path);

    private static IEnumerable<Bullet> Bullets(ResumeData r)
    {
        for (var i = 0; i < r.Work.Count; i++)
            for (var j = 0; j < r.Work[i].Highlights.Count; j++)
                if (Has(r.Work[i].Highlights[j])) yield return new(r.Work[i].Highlights[j].Trim(), $"data.work[{i}].highlights[{j}]");
        for (var i = 0; i < r.Projects.Count; i++)
            for (var j = 0; j < r.Projects[i].Highlights.Count; j++)
                if (Has(r.Projects[i].Highlights[j])) yield return new(r.Projects[i].Highlights[j].Trim(), $"data.projects[{i}].highlights[{j}]");
    }

    private static string ResumeText(ResumeData r) => string.Join(' ', new[] { r.Profile.Headline, r.Profile.Summary }
        .Concat(r.Work.SelectMany(w => new[] { w.Position, w.Company, w.Summary }.Concat(w.Highlights)))
        .Concat(r.Education.SelectMany(e => new[] { e.Institution, e.Area, e.StudyType }.Concat(e.Courses)))
        .Concat(r.Skills.SelectMany(s => new[] { s.Name }.Concat(s.Keywords)))
        .Concat(r.Projects.SelectMany(p => new[] { p.Name, p.Description }.Concat(p.Highlights)))
        .Concat(r.Certifications.Select(c => c.Name))
        .Concat(r.CustomSections.SelectMany(c => c.Items.SelectMany(i => new[] { i.Title, i.Description }.Concat(i.Highlights))))
        .Where(Has));

    private static void Check(List<ScoreReason> reasons, string id, string category, int max, bool passed, string ok, string fix, string? path) =>
        reasons.Add(new(id, category, passed, passed ? max : 0, max, passed ? ok : fix, passed ? null : path));

    private static bool StartsWithActionVerb(string text)
    {
        var first = FirstWord().Match(text).Value.ToLowerInvariant();
        return ActionVerbs.Words.Contains(first);
    }

    private static bool Has(string? text) => !string.IsNullOrWhiteSpace(text);

    private static int Words(string? text) => string.IsNullOrWhiteSpace(text) ? 0 : WordPattern().Count(text);

    private static string Short(string text) => text.Length <= 60 ? text : text[..57].TrimEnd() + "…";

    private static string FirstWords(string text) => string.Join(' ', text.Split(' ', StringSplitOptions.RemoveEmptyEntries).Take(2));

    [GeneratedRegex(@"\d|\b(one|two|three|four|five|six|seven|eight|nine|ten|twice|double[ds]?|halved|tripled)\b", RegexOptions.IgnoreCase)]
    private static partial Regex Number();

    [GeneratedRegex(@"^[\p{L}]+")]
    private static partial Regex FirstWord();

    [GeneratedRegex(@"[\p{L}\p{N}][\p{L}\p{N}'’.-]*")]
    private static partial Regex WordPattern();

    [GeneratedRegex(@"[\u2022\u2023\u25A0-\u25FF\u2600-\u27BF\u2190-\u21FF\u2713\u2714\u2605\u2606]|[\uD83C-\uDBFF][\uDC00-\uDFFF]")]
    private static partial Regex Decorations();
}
