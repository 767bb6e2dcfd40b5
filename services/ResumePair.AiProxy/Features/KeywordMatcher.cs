using System.Text.RegularExpressions;

namespace ResumePair.AiProxy.Features;

public sealed record KeywordMatch(
    int Score,
    IReadOnlyList<string> Keywords,
    IReadOnlyList<string> Matched,
    IReadOnlyList<string> Missing
);

/// <summary>
/// The match score and missing keywords are computed here, not by a model, so the same resume and posting always
/// give the same answer: the posting's keywords (terms like "c#", "node.js", "ci/cd", known phrases and repeated
/// two-word terms, minus stop words, job-ad filler and the employer's own name) weighted by how often they occur —
/// named technologies ("scala", "rust", "pci-dss") always among them — and the share of that weight the resume's text
/// covers. Word forms match by a light stem and hyphens count as spaces: "event-sourced" covers "event sourcing",
/// "apis" "api".
/// </summary>
public static partial class KeywordMatcher
{
    public const int MaxKeywords = 25;

    /// <param name="employer">The hiring company's name: its words are never a keyword to add to a resume.</param>
    public static KeywordMatch Match(string jobDescription, string resumeText, string? employer = null)
    {
        var keywords = Extract(jobDescription, employer);
        var resumeStems = " " + string.Join(' ', Terms(resumeText).SelectMany(Words).Select(Fold)) + " ";
        var matched = new List<string>();
        var missing = new List<string>();
        int total = 0, covered = 0;
        foreach (var (keyword, weight) in keywords)
        {
            total += weight;
            var found = resumeStems.Contains(
                " " + string.Join(' ', Words(keyword).Select(Fold)) + " ",
                StringComparison.Ordinal
            );
            if (found) { matched.Add(keyword); covered += weight; }
            else missing.Add(keyword);
        }
        var score = total == 0 ? 0 : (int)Math.Round(100.0 * covered / total, MidpointRounding.AwayFromZero);
        return new KeywordMatch(score, keywords.Select(k => k.Keyword).ToList(), matched, missing);
    }

    /// <summary>The posting's keywords, most frequent first (ties: first mentioned first).</summary>
    public static IReadOnlyList<(string Keyword, int Weight)> Extract(string text, string? employer = null)
    {
        var employerWords = employer is null ? [] : Terms(employer).SelectMany(Words).ToHashSet();
        var terms = Terms(text).Where(t => !Words(t).Any(employerWords.Contains)).ToList();
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
            for (var j = 0; j + 1 < terms.Count; j++)
                if (terms[j] == terms[i] && terms[j + 1] == terms[i + 1])
                    occurrences++;
            if (occurrences >= 2) counts[pair] = (occurrences, i);
        }
        var ranked = counts.OrderByDescending(c => c.Value.Count).ThenBy(c => c.Value.First).ToList();
        // Every named technology keeps its place within the cap; the rest of it goes to the most frequent other terms.
        var room = Math.Max(0, MaxKeywords - ranked.Count(c => Technologies.Contains(c.Key)));
        return ranked
            .Where(c => Technologies.Contains(c.Key) || room-- > 0)
            .Take(MaxKeywords)
            .Select(c => (c.Key, c.Value.Count))
            .ToList();
    }

    public static IEnumerable<string> Terms(string text) =>
        Term().Matches(text.ToLowerInvariant()).Select(m => m.Value.TrimEnd('.', '/', '-'));

    private static bool IsKeyword(string term) =>
        Technologies.Contains(term)
        || (
            term.Length >= 2
            && !StopWords.Contains(term)
            && !term.All(c => char.IsDigit(c) || c is '.' or '-' or '/')
            && term.Any(char.IsLetter)
        );

    /// <summary>A term's words for matching: hyphens are spaces ("event-sourced" → event, sourced), tech names stay
    /// whole.</summary>
    private static IEnumerable<string> Words(string term) =>
        Technologies.Contains(term) || !term.Contains('-')
            ? term.Split(' ')
            : term.Split(' ', '-').Where(w => w.Length > 0);

    /// <summary>A light stem, so word forms meet: sourcing/sourced → sourc, apis → api, designs → design.</summary>
    private static string Fold(string word)
    {
        if (word.Length <= 3 || Technologies.Contains(word) || !word.All(char.IsLetter)) return word;
        foreach (var suffix in (string[])["ing", "ed", "es", "s"])
        {
            if (!word.EndsWith(suffix, StringComparison.Ordinal) || word.Length - suffix.Length < 3) continue;
            if (suffix == "s" && word.EndsWith("ss", StringComparison.Ordinal)) break;
            word = word[..^suffix.Length];
            break;
        }
        return word.Length > 4 && word.EndsWith('e') ? word[..^1] : word;
    }

    // Letters/digits, keeping the punctuation that is part of tech names: c#, c++, .net, node.js, ci/cd, front-end.
    [GeneratedRegex(@"\.?[a-z0-9][a-z0-9+#]*(?:[./\-][a-z0-9+#]+)*[+#]*")]
    private static partial Regex Term();

    private static readonly HashSet<string> Phrases =
    [
        "machine learning", "deep learning", "data science", "data analysis", "data engineering", "project management",
        "product management", "distributed systems", "unit testing", "continuous integration", "continuous delivery",
        "customer service", "customer success", "user experience", "user research", "system design",
        "software engineering", "event driven", "micro services", "test automation", "computer science",
        "public speaking", "stakeholder management", "financial modeling", "supply chain", "social media",
        "content marketing", "quality assurance", "cloud infrastructure", "incident response", "technical writing",
        "natural language", "computer vision", "agile methodologies", "team leadership",
    ];

    /// <summary>Named technologies and standards: ranked before other keywords, never dropped as filler.</summary>
    private static readonly HashSet<string> Technologies =
    [
        "scala", "rust", "go", "golang", "java", "kotlin", "python", "ruby", "elixir", "erlang", "haskell", "clojure",
        "swift", "c", "c#", "c++", "f#", ".net", "typescript", "javascript", "node.js", "react", "angular", "vue",
        "svelte", "php", "kafka", "rabbitmq", "spark", "flink", "hadoop", "airflow", "dbt", "snowflake", "bigquery",
        "redshift", "postgresql", "postgres", "mysql", "redis", "mongodb", "cassandra", "elasticsearch", "dynamodb",
        "sql", "graphql", "grpc", "rest", "docker", "kubernetes", "terraform", "ansible", "aws", "gcp", "azure",
        "linux", "ci/cd", "git", "akka", "spring", "django", "flask", "rails", "pytorch", "tensorflow", "pci-dss",
        "pci", "soc2", "soc 2", "iso 27001", "gdpr", "hipaa", "oauth", "saml", "ios", "android", "llm", "llms", "nlp",
    ];

    private static readonly HashSet<string> StopWords =
    [
        // English
        "a", "an", "and", "are", "as", "at", "be", "been", "but", "by", "can", "do", "for", "from", "has", "have",
        "how", "if", "in", "into", "is", "it", "its", "of", "on", "or", "our", "ours", "so", "such", "than", "that",
        "the", "their", "them", "then", "there", "these", "they", "this", "those", "to", "up", "us", "was", "we",
        "were", "what", "when", "where", "which", "while", "who", "will", "with", "within", "would", "you", "your",
        "yours", "all", "any", "also", "about", "across", "after", "other", "more", "most", "not", "no", "new", "one",
        "own", "over", "per", "should", "some", "very", "via", "well", "both", "each", "every", "etc", "eg", "ie",
        "may", "must", "need", "needs", "able", "like", "make", "get", "use", "using", "used", "through", "work",
        "working", "works", "help", "helps", "want", "way", "day", "days",
        // job-ad filler
        "experience", "experienced", "years", "year", "strong", "ability", "skills", "skill", "knowledge",
        "understanding", "requirements", "required", "requirement", "responsibilities", "responsibility",
        "qualifications", "preferred", "plus", "bonus", "role", "position", "candidate", "candidates", "team", "teams",
        "join", "looking", "seeking", "company", "opportunity", "including", "include", "includes", "ideal",
        "excellent", "good", "great", "proven", "track", "record", "nice", "have", "hands-on", "environment",
        "fast-paced", "passionate", "passion", "self-starter", "minimum", "least", "degree", "related", "field",
        "equivalent", "apply", "benefits", "salary", "remote", "hybrid", "office", "location", "full-time", "part-time",
        "job", "jobs", "description", "about", "what", "offer", "youll", "you'll", "we're", "were", "who", "world",
        "people", "culture", "mission", "values", "equal", "employer", "opportunities", "based", "level", "senior",
        "junior", "mid", "lead", "responsible", "ensure", "deliver", "delivering", "support", "build", "building",
        "drive", "own", "solid", "familiarity", "familiar", "comfortable", "demonstrated", "day-to-day", "every",
        "highly", "deep", "design", "designing", "designs", "high", "quality", "impact", "ownership", "collaborate",
        "closely", "cross-functional", "world-class", "best", "practices", "modern", "complex", "large", "small",
        "scale", "scalable", "reliable", "robust", "learn", "grow", "growing", "fast", "love", "care", "thrive",
        "exciting", "challenging",
    ];
}
