using ResumePair.Contracts.Documents;

namespace ResumePair.AiProxy.Features;

/// <summary>
/// A model's extraction held against the rule parser's: the parser is sure of a job when it found its period and
/// both its company and position. An answer without such a job (matched by company) has dropped it; the reason goes
/// back to the model in the one repair request. Only the first answer is held to this (a model that still disagrees
/// after the repair is believed: the parser can be wrong too).
/// </summary>
public static class ExtractCheck
{
    public static string? Dropped(ResumeData parsed, ResumeData answer)
    {
        var missing = parsed.Work
            .Where(w => w.StartDate is not null && w.Company.Length > 0 && w.Position.Length > 0)
            .Where(w => !answer.Work.Any(a => Same(a.Company, w.Company)))
            .Select(w => $"{w.Position} at {w.Company} ({w.StartDate}–{(w.Current ? "present" : w.EndDate)})")
            .ToList();
        return missing.Count == 0 ? null
            : $"work is missing {missing.Count} job(s) the text contains: {string.Join("; ", missing)}. Include every job.";
    }

    private static bool Same(string a, string b)
    {
        var x = Key(a);
        var y = Key(b);
        return x.Length > 0 && y.Length > 0 && (x.Contains(y, StringComparison.Ordinal) || y.Contains(x, StringComparison.Ordinal));
    }

    private static string Key(string s) => new(s.ToLowerInvariant().Where(char.IsLetterOrDigit).ToArray());
}
