using System.Text.Json.Serialization;

namespace ResumePair.Contracts.Documents.Validation;

/// <summary>
/// What the rules ask of one field, as <see cref="DocumentRules"/> describes them to clients. Filled in by
/// <see cref="FieldChecker"/> in describe mode, so it states exactly what the same checker enforces.
/// </summary>
public sealed class FieldRule
{
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public bool Required { get; set; }

    /// <summary>Whitespace-only text is refused even though the field itself is optional.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public bool NotBlank { get; set; }

    public int? MaxLength { get; set; }
    public int? MaxItems { get; set; }

    /// <summary>One of <see cref="FieldFormats.Names"/>.</summary>
    public string? Format { get; set; }

    public IReadOnlyList<string>? OneOf { get; set; }

    /// <summary>Numbers: the smallest and largest value allowed (inclusive).</summary>
    public double? Minimum { get; set; }
    public double? Maximum { get; set; }

    /// <summary>A sibling field this one must not be before (end dates; compared at the shorter precision).</summary>
    public string? NotBefore { get; set; }
}
