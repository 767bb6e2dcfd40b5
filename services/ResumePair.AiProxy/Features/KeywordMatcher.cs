using System.Text.RegularExpressions;

namespace ResumePair.AiProxy.Features;

public sealed record KeywordMatch(int Score, IReadOnlyList<string> Keywords, IReadOnlyList<string> Matched, IReadOnlyList<string> Missing);

/// <summary>
/// The match score and missing keywords are computed here, not by a model, so the same resume and posting always
/// give the same answer: the posting's keywords (terms like "c#", "node.js", "ci/cd", known phrases and repeated
/// two-word terms, minus stop words and job-ad filler) weighted by how often they occur, and the share of that
/// weight the resume's text covers (light plural folding: "apis" matches "api").
/// </summary>
public static partial class KeywordMatcher
{
    public const int MaxKeywords = 25;

    public static KeywordMatch Match(string jobDescription, string resumeText)
    {
        var keywords = Extract(jobDescription);
        var resumeTerms = Terms(resumeText).Select(Fold).ToHashSet();
        var resumeFolded = " " + string.Join(' ', Terms(resumeText).Select(Fold)) + " ";
        var matched = new List<string>();
        var missing = new List<string>();
        int total = 0, covered = 0;
        foreach (var (keyword, weight) in keywords)
        {
            total += weight;
            var found = keyword.Contains(' ')
                ? resumeFolded.Contains(" " + string.Join(' ', keyword.Split(' ').Select(Fold)) + " ", StringComparison.Ordinal)
                : resumeTerms.Contains(Fold(keyword));
            if (found) { matched.Add(keyword); covered += weight; }
            else missing.Add(keyword);
        }
        var score = total == 0 ? 0 : (int)Math.Round(100.0 * covered / total, MidpointRounding.AwayFromZero);
        return new KeywordMatch(score, keywords.Select(k => k.Keyword).ToList(), matched, missing);
    }

    /// <summary>The posting's keywords, most frequent first (ties: first mentioned first).</summary>
    public static IReadOnlyList<(string Keyword, int Weight)> Extract(string text)
    {
        var terms = Terms(text).ToList();
        var counts = new Dictionary<string, (int Count, int First)>();
        void Count(string key, int position)
        {
            counts[key] = counts.TryGetValue(key, out var c) ? (c.Count + 1, c.First) : (1, position);
        }

        for (var i = 0; i < terms.Count; i++)
        {
            var t = terms[i];
            if (i + 1 < terms.Count)
            {
                var pair = $"{t} {terms[i + 1]}";
                if (Phrases.Contains(pair)) { Count(pair, i); i++; continue; }
            }
            if (IsKeyword(t)) Count(t, i);
        }
        // Two-word terms the posting repeats ("payment platform", "design system") are keywords of their own.
        for (var i = 0; i + 1 < terms.Count; i++)
        {
            if (!IsKeyword(terms[i]) || !IsKeyword(terms[i + 1])) continue;
            var pair = $"{terms[i]} {terms[i + 1]}";
            if (Phrases.Contains(pair) || counts.ContainsKey(pair)) continue;
            var occurrences = 0;
            for (var j = 0; j + 1 < terms.Count; j++) if (terms[j] == terms[i] && terms[j + 1] == terms[i + 1]) occurrences++;
            if (occurrences >= 2) counts[pair] = (occurrences, i);
        }
        return counts
            .OrderByDescending(c => c.Value.Count).ThenBy(c => c.Value.First)
            .Take(MaxKeywords)
            .Select(c => (c.Key, c.Value.Count))
            .ToList();
    }

    public static IEnumerable<string> Terms(string text) =>
        Term().Matches(text.ToLowerInvariant()).Select(m => m.Value.TrimEnd('.', '/', '-'));

    private static bool IsKeyword(string term) =>
        term.Length >= 2 && !StopWords.Contains(term) && !term.All(c => char.IsDigit(c) || c is '.' or '-' or '/') && term.Any(char.IsLetter);

    private static string Fold(string term) =>
        term.Length > 3 && term.EndsWith('s') && !term.EndsWith("ss", StringComparison.Ordinal) ? term[..^1] : term;

    // Letters/digits, keeping the punctuation that is part of tech names: c#, c++, .net, node.js, ci/cd, front-end.
    [GeneratedRegex(@"\.?[a-z0-9][a-z0-9+#]*(?:[./\-][a-z0-9+#]+)*[+#]*")]
    private static partial Regex Term();

    private static readonly HashSet<string> Phrases =
    [
        "machine learning", "deep learning", "data science", "data analysis", "data engineering", "project management",
        "product management", "distributed systems", "unit testing", "continuous integration", "continuous delivery",
        "customer service", "customer success", "user experience", "user research", "system design", "software engineering",
        "event driven", "micro services", "test automation", "computer science", "public speaking", "stakeholder management",
        "financial modeling", "supply chain", "social media", "content marketing", "quality assurance", "cloud infrastructure",
        "incident response", "technical writing", "natural language", "computer vision", "agile methodologies", "team leadership",
    ];

    private static readonly HashSet<string> StopWords =
    [
        // English
        "a", "an", "and", "are", "as", "at", "be", "been", "but", "by", "can", "do", "for", "from", "has", "have", "how", "if",
        "in", "into", "is", "it", "its", "of", "on", "or", "our", "ours", "so", "such", "than", "that", "the", "their", "them",
        "then", "there", "these", "they", "this", "those", "to", "up", "us", "was", "we", "were", "what", "when", "where",
        "which", "while", "who", "will", "with", "within", "would", "you", "your", "yours", "all", "any", "also", "about",
        "across", "after", "other", "more", "most", "not", "no", "new", "one", "own", "over", "per", "should", "some", "very",
        "via", "well", "both", "each", "every", "etc", "eg", "ie", "may", "must", "need", "needs", "able", "like", "make",
        "get", "use", "using", "used", "through", "work", "working", "works", "help", "helps", "want", "way", "day", "days",
        // job-ad filler
        "experience", "experienced", "years", "year", "strong", "ability", "skills", "skill", "knowledge", "understanding",
        "requirements", "required", "requirement", "responsibilities", "responsibility", "qualifications", "preferred", "plus",
        "bonus", "role", "position", "candidate", "candidates", "team", "teams", "join", "looking", "seeking", "company",
        "opportunity", "including", "include", "includes", "ideal", "excellent", "good", "great", "proven", "track", "record",
        "nice", "have", "hands-on", "environment", "fast-paced", "passionate", "passion", "self-starter", "minimum", "least",
        "degree", "related", "field", "equivalent", "apply", "benefits", "salary", "remote", "hybrid", "office", "location",
        "full-time", "part-time", "job", "jobs", "description", "about", "what", "offer", "youll", "you'll", "we're", "were",
        "who", "world", "people", "culture", "mission", "values", "equal", "employer", "opportunities", "based", "level",
        "senior", "junior", "mid", "lead", "responsible", "ensure", "deliver", "delivering", "support", "build", "building",
        "drive", "own", "solid", "familiarity", "familiar", "comfortable", "demonstrated", "day-to-day", "every", "highly",
    ];
}
