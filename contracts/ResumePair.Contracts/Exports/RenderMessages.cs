using System.Text.Json;

namespace ResumePair.Contracts.Exports;

/// <summary>
/// Orchestrator → renderers (competing consumers). Carries a snapshot of the document so the
/// renderer never calls back into the documents service, and a pre-signed URL to PUT the PDF to,
/// so the file lands in shared storage whichever host rendered it.
/// </summary>
public sealed record RenderPdfRequested
{
    public required Guid JobId { get; init; }
    /// <summary>Fencing token: results carrying an older attempt are ignored by the orchestrator.</summary>
    public required int Attempt { get; init; }
    public required Guid UserId { get; init; }
    public required Guid DocumentId { get; init; }
    public required long DocumentVersion { get; init; }
    public required string DocumentType { get; init; }
    public required string Title { get; init; }
    public required JsonElement Data { get; init; }
    public required string TemplateId { get; init; }
    /// <summary>"A4" or "Letter".</summary>
    public required string PageSize { get; init; }
    public required string UploadUrl { get; init; }
    public required DateTimeOffset Deadline { get; init; }

    /// <summary>The resume's profile photo (small, already resized), so a template can print it without any network
    /// access.</summary>
    public PhotoAsset? Photo { get; init; }
}

/// <summary>Image bytes travelling inside a message (serialised as base64); kept small by the documents service's
/// resize job.</summary>
public sealed record PhotoAsset(string ContentType, byte[] Bytes);

/// <summary>Renderer → orchestrator while a render runs; doubles as the job's heartbeat.</summary>
public sealed record RenderProgressed
{
    public required Guid JobId { get; init; }
    public required int Attempt { get; init; }
    public required int Percentage { get; init; }
    public required string Message { get; init; }
    public required string WorkerId { get; init; }
}

/// <summary>Renderer → orchestrator: the PDF was uploaded through the job's upload URL.</summary>
public sealed record PdfRendered
{
    public required Guid JobId { get; init; }
    public required int Attempt { get; init; }
    public required long SizeBytes { get; init; }
    public required int Pages { get; init; }
    public required string Sha256 { get; init; }
    public required long RenderMilliseconds { get; init; }
    public required string WorkerId { get; init; }
}

/// <summary>Renderer → orchestrator: this attempt failed. Retryable decides between backoff and failing at
/// once.</summary>
public sealed record PdfRenderFailed
{
    public required Guid JobId { get; init; }
    public required int Attempt { get; init; }
    public required string Error { get; init; }
    public required bool Retryable { get; init; }
    public required string WorkerId { get; init; }
}
