using System.Text.Json;
using ResumePair.Contracts.Exports;
using ResumePair.Documents.Client;
using ResumePair.ExportOrchestrator.Jobs;

namespace ResumePair.ExportOrchestrator.Exports;

/// <summary>
/// What the job snapshots at request time: enough to render without asking anyone again, the profile photo's bytes
/// included (the renderer has no network).
/// </summary>
public sealed record JobPayload(DocumentSnapshot Document, string TemplateId, string PageSize, PhotoAsset? Photo = null)
{
    public static JobPayload Read(Job job) =>
        JsonSerializer.Deserialize<JobPayload>(job.Payload, JsonSerializerOptions.Web)
        ?? throw new InvalidOperationException($"Job {job.Id} has no payload.");

    /// <summary>The job row of an export_pdf job with this payload.</summary>
    public NewJobRow Row(Guid userId, Guid? batchId = null) =>
        new("export_pdf", JsonSerializer.Serialize(this, JsonSerializerOptions.Web), userId)
        {
            DocumentId = Document.Id, DocumentVersion = Document.Version, TemplateId = TemplateId, PageSize = PageSize,
            Title = Document.Title, BatchId = batchId, Queue = "render",
        };
}
