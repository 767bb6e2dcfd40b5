using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;
using ResumePair.Contracts.Documents;

namespace ResumePair.Documents.Documents;

/// <summary>A document body that passed validation; <see cref="Data"/> is the normalized JSON to store.</summary>
public sealed record ValidDocument(string Type, string Title, string Data);

public sealed record ValidationOutcome(ValidDocument? Document, Dictionary<string, string[]> Errors)
{
    public bool IsValid => Document is not null;
}

/// <summary>
/// Validates <c>{type, title, data}</c> strictly against the schema in ResumePair.Contracts: the data is
/// deserialized into <see cref="ResumeData"/> or <see cref="CoverLetterData"/> refusing unknown, duplicate,
/// null-for-non-null and wrongly typed fields (the serializer stops at the first such error, which is
/// reported by its path, e.g. <c>data.work[0].startDate</c>), then checked for content by
/// <see cref="DocumentRules"/>, which reports every problem it finds. The stored form is the model
/// serialized back, so every stored document has the same shape.
/// </summary>
public static partial class DocumentValidator
{
    public const int MaxTitleLength = 200;

    private static readonly JsonSerializerOptions Strict = new(JsonSerializerDefaults.Web)
    {
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        RespectNullableAnnotations = true,
        RespectRequiredConstructorParameters = true,
        AllowDuplicateProperties = false,
        PropertyNameCaseInsensitive = false, // the schema is camelCase; "Profile" is an unknown field
        NumberHandling = JsonNumberHandling.Strict,
    };

    /// <summary>How data is stored and answered: camelCase, nulls left out.</summary>
    public static readonly JsonSerializerOptions Output = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    /// <summary>Validates a request body (UTF-8 JSON). Malformed JSON is a <see cref="JsonException"/> for the caller.</summary>
    public static ValidationOutcome Validate(ReadOnlySpan<byte> body)
    {
        using var json = JsonDocument.Parse(body.ToArray());
        return Validate(json.RootElement);
    }

    public static ValidationOutcome Validate(JsonElement root)
    {
        var errors = new ValidationErrors();
        if (root.ValueKind != JsonValueKind.Object)
        {
            errors.Add("", "The body must be a JSON object with type, title and data.");
            return new(null, errors.ToDictionary());
        }

        JsonElement? type = null, title = null, data = null;
        foreach (var property in root.EnumerateObject())
        {
            switch (property.Name)
            {
                case "type": Take(ref type, property, errors); break;
                case "title": Take(ref title, property, errors); break;
                case "data": Take(ref data, property, errors); break;
                default: errors.Add(property.Name, "Unknown field."); break;
            }
        }

        var typeValue = type is { ValueKind: JsonValueKind.String } t ? t.GetString() : null;
        if (type is null || type.Value.ValueKind == JsonValueKind.Null) errors.Add("type", "Type is required.");
        else if (!DocumentTypes.IsKnown(typeValue)) errors.Add("type", $"Type must be \"{DocumentTypes.Resume}\" or \"{DocumentTypes.CoverLetter}\".");

        var titleValue = title is { ValueKind: JsonValueKind.String } s ? s.GetString()!.Trim() : null;
        if (title is { ValueKind: not (JsonValueKind.String or JsonValueKind.Null) }) errors.Add("title", "Must be a string.");
        else if (string.IsNullOrEmpty(titleValue)) errors.Add("title", "Title is required.");
        else if (titleValue.Length > MaxTitleLength) errors.Add("title", $"Must be at most {MaxTitleLength} characters.");

        string? normalized = null;
        if (data is null || data.Value.ValueKind == JsonValueKind.Null) errors.Add("data", "Data is required.");
        else if (data.Value.ValueKind != JsonValueKind.Object) errors.Add("data", "Must be an object.");
        else if (DocumentTypes.IsKnown(typeValue)) normalized = ValidateData(typeValue!, data.Value, errors);

        return errors.Count == 0 && normalized is not null
            ? new(new ValidDocument(typeValue!, titleValue!, normalized), [])
            : new(null, errors.ToDictionary());
    }

    private static void Take(ref JsonElement? slot, JsonProperty property, ValidationErrors errors)
    {
        if (slot is null) slot = property.Value;
        else errors.Add(property.Name, "Duplicate field.");
    }

    private static string? ValidateData(string type, JsonElement data, ValidationErrors errors)
    {
        try
        {
            if (type == DocumentTypes.Resume)
            {
                var resume = data.Deserialize<ResumeData>(Strict)!;
                DocumentRules.CheckResume(resume, errors);
                return errors.Count == 0 ? JsonSerializer.Serialize(resume, Output) : null;
            }
            var letter = data.Deserialize<CoverLetterData>(Strict)!;
            DocumentRules.CheckCoverLetter(letter, errors);
            return errors.Count == 0 ? JsonSerializer.Serialize(letter, Output) : null;
        }
        catch (JsonException e)
        {
            var (path, message) = Describe(e);
            errors.Add(path, message);
            return null;
        }
    }

    /// <summary>Turns the serializer's error into a field path under <c>data</c> and a message without .NET type names.</summary>
    internal static (string Path, string Message) Describe(JsonException e)
    {
        var path = "data" + (e.Path is { Length: > 1 } p && p.StartsWith('$') ? p[1..] : "");
        var text = e.Message;
        if (MissingProperty().Match(text) is { Success: true } missing) return ($"{path}.{missing.Groups[1].Value}", "Is required.");
        if (text.Contains("could not be mapped to any .NET member", StringComparison.Ordinal)) return (path, "Unknown field.");
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
        return (path, "Is not valid.");
    }

    [GeneratedRegex("missing required properties including: '([^']+)'")]
    private static partial Regex MissingProperty();

    [GeneratedRegex("could not be converted to ([^ ]+?)\\. Path")]
    private static partial Regex ConvertTarget();
}
