using ResumePair.Contracts.Documents;
using ResumePair.Contracts.Documents.Validation;

namespace ResumePair.AiProxy.Features;

/// <summary>
/// Model output becomes document data only if it passes the same rules the documents service applies on save
/// (<see cref="DocumentDataReader"/> in ResumePair.Contracts: strict schema, then content rules). Anything less is
/// an error — never half-valid data. The error is one line of "path message" sentences: it goes back to the model
/// in the repair prompt and, if the repair fails too, into the 502's detail.
/// </summary>
public static class SchemaValidator
{
    /// <summary>Enough problems for the model to fix in one go without drowning the repair prompt.</summary>
    private const int MaxReported = 5;

    public static (ResumeData? Value, string? Error) Resume(string json)
    {
        if (HasNul(json)) return (null, NulError);
        var errors = new ValidationErrors();
        var value = DocumentDataReader.ReadResume(StripFences(json), errors, root: "");
        return (value, Describe(errors));
    }

    /// <summary>A generated letter must have a body, unlike a saved one, which may still be being written.</summary>
    public static (CoverLetterData? Value, string? Error) CoverLetter(string json)
    {
        if (HasNul(json)) return (null, NulError);
        var errors = new ValidationErrors();
        var value = DocumentDataReader.ReadCoverLetter(StripFences(json), errors, root: "", requireBody: true);
        return (value, Describe(errors));
    }

    private const string NulError = "$ strings must not contain NUL characters (\\u0000).";

    /// <summary>
    /// A NUL (raw or escaped) in the model's JSON would reach the user's document, which PostgreSQL cannot store:
    /// refused like any schema error, so the repair prompt asks again without it.
    /// </summary>
    private static bool HasNul(string json) =>
        json.Contains('\0') || json.Contains("\\u0000", StringComparison.OrdinalIgnoreCase);

    /// <summary>Models like to wrap JSON in a markdown fence even when asked not to; that much is harmless.</summary>
    public static string StripFences(string text)
    {
        var t = text.Trim();
        if (!t.StartsWith("```", StringComparison.Ordinal)) return t;
        var firstLine = t.IndexOf('\n');
        var end = t.LastIndexOf("```", StringComparison.Ordinal);
        return firstLine > 0 && end > firstLine ? t[(firstLine + 1)..end].Trim() : t;
    }

    /// <summary>"profile.name is required." reads better to a model (and a user) than a dictionary dump.</summary>
    private static string? Describe(ValidationErrors errors)
    {
        if (errors.Count == 0) return null;
        var sentences = errors
            .ToDictionary()
            .SelectMany(e =>
                e.Value.Select(message =>
                    $"{(e.Key.Length == 0 ? "$" : e.Key)} {char.ToLowerInvariant(message[0])}{message[1..]}"
                )
            )
            .Take(MaxReported);
        return string.Join(" ", sentences);
    }
}
