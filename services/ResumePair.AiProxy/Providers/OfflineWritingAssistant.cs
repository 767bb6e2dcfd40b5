using System.Text.RegularExpressions;

namespace ResumePair.AiProxy.Providers;

/// <summary>
/// Deterministic, rule-based rewriting: drops filler openings, leads with a strong past-tense verb,
/// trims trailing punctuation, and (impact style) flags bullets that carry no number to quantify.
/// </summary>
public sealed partial class OfflineWritingAssistant : IWritingAssistant
{
    public string Name => "offline";

    // Weak openings and the verb that says the same thing with more force.
    private static readonly (Regex Pattern, string Verb)[] Rewrites =
    [
        (Opening("responsible for (managing|leading)"), "Led"),
        (Opening("responsible for (building|developing|creating)"), "Built"),
        (Opening("responsible for"), "Owned"),
        (Opening("in charge of"), "Led"),
        (Opening("worked on"), "Developed"),
        (Opening("worked with"), "Partnered with"),
        (Opening("helped (to )?"), "Supported"),
        (Opening("assisted (with|in)"), "Supported"),
        (Opening("was part of"), "Contributed to"),
        (Opening("participated in"), "Contributed to"),
        (Opening("duties included"), "Delivered"),
        (Opening("tasked with"), "Delivered"),
        (Opening("made"), "Built"),
        (Opening("did"), "Delivered"),
        (Opening("used"), "Applied"),
        (Opening("got"), "Achieved"),
    ];

    public Task<IReadOnlyList<EnhancedBullet>> EnhanceAsync(string text, string style, CancellationToken ct)
    {
        var bullets = text.Split('\n')
            .Select(line => BulletMarker().Replace(line, "").Trim())
            .Where(line => line.Length > 0)
            .Select(line => Enhance(line, style))
            .ToList();
        return Task.FromResult<IReadOnlyList<EnhancedBullet>>(bullets);
    }

    private static EnhancedBullet Enhance(string original, string style)
    {
        var notes = new List<string>();
        var text = Whitespace().Replace(original, " ").TrimEnd('.', ';', ',', ' ');
        text = PronounOpening().Replace(text, "");
        foreach (var (pattern, verb) in Rewrites)
        {
            var match = pattern.Match(text);
            if (!match.Success) continue;
            var rest = text[match.Length..].TrimStart();
            text = rest.Length == 0 ? verb : $"{verb} {rest}";
            notes.Add($"Replaced \"{match.Value.Trim()}\" with \"{verb}\".");
            break;
        }
        if (text.Length > 0 && char.IsLower(text[0])) text = char.ToUpperInvariant(text[0]) + text[1..];
        if (style == EnhanceStyle.Impact && !text.Any(char.IsDigit))
            notes.Add("Add a number that shows the result (time saved, revenue, users, %).");
        return new EnhancedBullet(original, text, notes);
    }

    private static Regex Opening(string phrase) =>
        new($"^{phrase}\\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);

    [GeneratedRegex(@"^\s*([-*•·‣▪]|\d+[.)])\s*")]
    private static partial Regex BulletMarker();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();

    [GeneratedRegex(@"^(I|We)\s+", RegexOptions.IgnoreCase)]
    private static partial Regex PronounOpening();
}
