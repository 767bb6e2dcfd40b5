using System.Text.Json;

namespace ResumePair.Documents.Documents;

public sealed record DocumentRow(
    Guid Id,
    string Type,
    string Title,
    string Data,
    long Version,
    DateTime CreatedAt,
    DateTime UpdatedAt
);

public sealed record DocumentSummaryRow(
    Guid Id,
    string Type,
    string Title,
    long Version,
    DateTime CreatedAt,
    DateTime UpdatedAt
);

public sealed record DocumentResponse(
    Guid Id,
    string Type,
    string Title,
    JsonElement Data,
    long Version,
    DateTime CreatedAt,
    DateTime UpdatedAt
)
{
    public static DocumentResponse From(DocumentRow row)
    {
        using var data = JsonDocument.Parse(row.Data);
        return new(row.Id, row.Type, row.Title, data.RootElement.Clone(), row.Version, row.CreatedAt, row.UpdatedAt);
    }
}

/// <summary>A list entry: everything but <c>data</c>, so a page of documents stays small.</summary>
public sealed record DocumentSummary(
    Guid Id,
    string Type,
    string Title,
    long Version,
    DateTime CreatedAt,
    DateTime UpdatedAt
)
{
    public static DocumentSummary From(DocumentSummaryRow row) =>
        new(row.Id, row.Type, row.Title, row.Version, row.CreatedAt, row.UpdatedAt);
}

public sealed record DocumentPage(IReadOnlyList<DocumentSummary> Items, string? NextCursor);

public sealed record VersionSummaryRow(long Version, string Title, DateTime CreatedAt);

public sealed record VersionRow(
    Guid DocumentId,
    string Type,
    long Version,
    string Title,
    string Data,
    DateTime CreatedAt
);

/// <param name="Label">The snapshot's name ("Sent to Acme"); named versions are never thinned away.</param>
/// <param name="Summary">What changed since the previous kept version, in one line.</param>
/// <param name="RestoredFrom">The version this one copied back, when it was a restore.</param>
/// <param name="Changes">How many fields differ from the previous kept version.</param>
public sealed record VersionSummary(
    long Version,
    string Title,
    DateTime CreatedAt,
    string? Label = null,
    string Summary = "",
    long? RestoredFrom = null,
    int Changes = 0
);

/// <summary>Two versions side by side, field by field.</summary>
public sealed record VersionComparison(
    Guid DocumentId,
    VersionSummary From,
    VersionSummary To,
    string Summary,
    IReadOnlyList<FieldChange> Changes
);

public sealed record VersionLabelRequest(string? Label);

public sealed record VersionPage(IReadOnlyList<VersionSummary> Items, long? NextBefore);

public sealed record VersionResponse(
    Guid DocumentId,
    string Type,
    long Version,
    string Title,
    JsonElement Data,
    DateTime CreatedAt
)
{
    public static VersionResponse From(VersionRow row)
    {
        using var data = JsonDocument.Parse(row.Data);
        return new(row.DocumentId, row.Type, row.Version, row.Title, data.RootElement.Clone(), row.CreatedAt);
    }
}

public sealed record VersionStamp(long Version, DateTime UpdatedAt);
