namespace ResumePair.ExportOrchestrator.Apis;

/// <param name="Version">A saved version of the document to export; the current one when absent.</param>
public sealed record ExportPdfRequest(Guid DocumentId, string? TemplateId, string? PageSize, long? Version = null);

/// <param name="Variants">Several templates or page sizes at once (each document in each); instead of
/// TemplateId/PageSize.</param>
public sealed record ExportBatchRequest(
    Guid[]? DocumentIds,
    string? TemplateId,
    string? PageSize,
    ExportVariant[]? Variants = null
);

public sealed record ExportVariant(string? TemplateId, string? PageSize);

public sealed record BatchJob(Guid JobId, Guid DocumentId, string Status, string TemplateId, string PageSize);

public sealed record BatchAccepted(Guid BatchId, IReadOnlyList<BatchJob> Jobs);

public sealed record ExportAccepted(Guid JobId, string Status);

public sealed record ExportJsonRequest(Guid DocumentId);
