using System.Text.Json;
using System.Text.RegularExpressions;

namespace ResumePair.Contracts.Documents.Validation;

/// <summary>
/// Reads document data strictly (<see cref="DocumentJson.Strict"/>) and then applies the content rules, reporting
/// every problem by field path. The serializer stops at its first error, so a shape problem is reported alone;
/// the content rules report everything they find.
/// </summary>
public static partial class DocumentDataReader
{
    public static ResumeData? ReadResume(JsonElement data, ValidationErrors errors, string root = "data") =>
        Read<ResumeData>(
            () => data.Deserialize<ResumeData>(DocumentJson.Strict),
            errors,
            root,
            r => ResumeValidator.Validate(r, errors, root)
        );

    public static ResumeData? ReadResume(string json, ValidationErrors errors, string root = "data") =>
        Read<ResumeData>(
            () => JsonSerializer.Deserialize<ResumeData>(json, DocumentJson.Strict),
            errors,
            root,
            r => ResumeValidator.Validate(r, errors, root)
        );

    public static CoverLetterData? ReadCoverLetter(
        JsonElement data,
        ValidationErrors errors,
        string root = "data",
        bool requireBody = false
    ) =>
        Read<CoverLetterData>(
            () => data.Deserialize<CoverLetterData>(DocumentJson.Strict),
            errors,
            root,
            l => CoverLetterValidator.Validate(l, errors, root, requireBody)
        );

    public static CoverLetterData? ReadCoverLetter(
        string json,
        ValidationErrors errors,
        string root = "data",
        bool requireBody = false
    ) =>
        Read<CoverLetterData>(
            () => JsonSerializer.Deserialize<CoverLetterData>(json, DocumentJson.Strict),
            errors,
            root,
            l => CoverLetterValidator.Validate(l, errors, root, requireBody)
        );

    /// <returns>The data if it is valid; otherwise null, with the problems in <paramref name="errors"/>.</returns>
    private static T? Read<T>(Func<T?> deserialize, ValidationErrors errors, string root, Action<T> check)
        where T : class
    {
        var before = errors.Count;
        T? value;
        try
        {
            value = deserialize();
        }
        catch (JsonException e)
        {
            var (path, message) = Describe(e, root);
            errors.Add(path, message);
            return null;
        }
        if (value is null)
        {
            errors.Add(root, "Must be an object.");
            return null;
        }
        check(value);
        return errors.Count == before ? value : null;
    }

    /// <summary>Turns the serializer's error into a field path under <paramref name="root"/> and a message without .NET
    /// type names.</summary>
    public static (string Path, string Message) Describe(JsonException e, string root = "data")
    {
        var rest = e.Path is { Length: > 1 } p && p.StartsWith('$') ? p[1..] : "";
        var path = root.Length == 0 ? rest.TrimStart('.') : root + rest;
        var text = e.Message;
        if (MissingProperty().Match(text) is { Success: true } missing)
            return (path.Length == 0 ? missing.Groups[1].Value : $"{path}.{missing.Groups[1].Value}", "Is required.");
        if (text.Contains("could not be mapped to any .NET member", StringComparison.Ordinal))
            return (path, "Unknown field.");
        if (text.Contains("Duplicate property", StringComparison.Ordinal)) return (path, "Duplicate field.");
        if (text.Contains("null values", StringComparison.Ordinal)) return (path, "Must not be null.");
        if (ConvertTarget().Match(text) is { Success: true } target)
        {
            var expected = target.Groups[1].Value switch
            {
                "System.String" => "a string",
                "System.Boolean" => "true or false",
                var t when t.Contains("IReadOnlyList", StringComparison.Ordinal) => "an array",
                _ => "an object",
            };
            return (path, $"Must be {expected}.");
        }
        // Malformed JSON (model output, never a request body: those are parsed before this): the reader's own
        // words say where, which a model needs to repair it. They name no .NET types.
        if (e.LineNumber is not null && !text.Contains("System.", StringComparison.Ordinal))
            return (path, $"Is not valid JSON: {text.Split(" Path:")[0]}");
        return (path, "Is not valid.");
    }

    [GeneratedRegex("missing required properties including: '([^']+)'")]
    private static partial Regex MissingProperty();

    [GeneratedRegex("could not be converted to ([^ ]+?)\\. Path")]
    private static partial Regex ConvertTarget();
}
