namespace ResumePair.ExportOrchestrator.Apis;

public sealed record ExportPdfRequest(Guid DocumentId, string? TemplateId, string? PageSize);

public sealed record ExportAccepted(Guid JobId, string Status);

public sealed record JobView(
    Guid JobId, string Status, int Progress, string? ProgressMessage, int Attempts, int MaxAttempts, string? Error,
    DateTimeOffset CreatedAt, DateTimeOffset? StartedAt, DateTimeOffset? CompletedAt, DateTimeOffset? ExpiresAt, string? DownloadUrl);
