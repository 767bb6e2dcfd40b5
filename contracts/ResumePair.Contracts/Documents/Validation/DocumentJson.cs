using System.Text.Json;
using System.Text.Json.Serialization;

namespace ResumePair.Contracts.Documents.Validation;

/// <summary>How document data is read from untrusted JSON and how it is written everywhere.</summary>
public static class DocumentJson
{
    /// <summary>
    /// Exactly the schema: unknown, duplicate, null-for-non-null, missing constructor and wrongly typed fields are
    /// errors, not silently dropped or defaulted, so nothing half-understood is ever stored.
    /// </summary>
    public static readonly JsonSerializerOptions Strict = new(JsonSerializerDefaults.Web)
    {
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        RespectNullableAnnotations = true,
        RespectRequiredConstructorParameters = true,
        AllowDuplicateProperties = false,
        PropertyNameCaseInsensitive = false, // the schema is camelCase; "Profile" is an unknown field
        NumberHandling = JsonNumberHandling.Strict,
    };

    /// <summary>How data is stored and answered: camelCase, nulls left out, so every stored document has one
    /// shape.</summary>
    public static readonly JsonSerializerOptions Output = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };
}
