namespace ResumePair.ExportOrchestrator.Jobs;

/// <summary>A job row as the API and the consumers read it.</summary>
public sealed class Job
{
    public Guid Id { get; init; }
    public string Status { get; init; } = "";
    public int Attempts { get; init; }
    public int MaxAttempts { get; init; }
    public int DispatchedAttempt { get; init; }
    public int ProgressPercentage { get; init; }
    public string? ProgressMessage { get; init; }
    public string? Error { get; init; }
    public Guid CreatedBy { get; init; }
    public DateTime CreatedAt { get; init; }
    public DateTime? StartedAt { get; init; }
    public DateTime? CompletedAt { get; init; }
    public DateTime? ExpiresAt { get; init; }
    public DateTime RunAfter { get; init; }
    public string Title { get; init; } = "";
    public string? FileKey { get; init; }
    public long? SizeBytes { get; init; }
    public int? Pages { get; init; }
    public int DownloadCount { get; init; }
    public string Payload { get; init; } = "{}";
    public string Type { get; init; } = "";
    public Guid DocumentId { get; init; }
    public long DocumentVersion { get; init; }
    public string TemplateId { get; init; } = "";
    public string? PageSize { get; init; }
    public long Revision { get; init; }
    public Guid? BatchId { get; init; }
    public string? WorkerId { get; init; }
    /// <summary>The completed job's result (jsonb as text).</summary>
    public string? Result { get; init; }
    public DateTime? HeartbeatAt { get; init; }
    public DateTime? DispatchedAt { get; init; }
    /// <summary>The W3C trace id of the request that created the job.</summary>
    public string? TraceId { get; init; }
}
