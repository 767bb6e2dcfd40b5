using System.Text.Json;
using ResumePair.Contracts.Documents;
using ResumePair.Contracts.Documents.Validation;

namespace ResumePair.Documents.Documents;

/// <summary>A document body that passed validation; <see cref="Data"/> is the normalized JSON to store.</summary>
public sealed record ValidDocument(string Type, string Title, string Data);

public sealed record ValidationOutcome(ValidDocument? Document, Dictionary<string, string[]> Errors)
{
    public bool IsValid => Document is not null;
}

/// <summary>
/// Validates <c>{type, title, data}</c>: the envelope here, the data by the shared rules in ResumePair.Contracts
/// (<see cref="DocumentDataReader"/>: strict schema, then content rules, every problem by path such as
/// <c>data.work[0].startDate</c>). The stored form is the model serialized back, so every stored document has the
/// same shape.
/// </summary>
public static class DocumentValidator
{
    /// <summary>Validates a request body (UTF-8 JSON). Malformed JSON is a <see cref="JsonException"/> for the
    /// caller.</summary>
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
        else if (!DocumentTypes.IsKnown(typeValue))
            errors.Add("type", $"Type must be \"{DocumentTypes.Resume}\" or \"{DocumentTypes.CoverLetter}\".");

        var titleValue = title is { ValueKind: JsonValueKind.String } s ? s.GetString()!.Trim() : null;
        if (title is { ValueKind: not (JsonValueKind.String or JsonValueKind.Null) })
            errors.Add("title", "Must be a string.");
        else DocumentTitle.Validate(titleValue, errors);

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
        object? valid = type == DocumentTypes.Resume
            ? DocumentDataReader.ReadResume(data, errors)
            : DocumentDataReader.ReadCoverLetter(data, errors);
        return valid is null ? null : JsonSerializer.Serialize(valid, valid.GetType(), DocumentJson.Output);
    }
}
