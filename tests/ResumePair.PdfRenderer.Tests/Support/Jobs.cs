using ResumePair.Contracts.Exports;

namespace ResumePair.PdfRenderer.Tests.Support;

/// <summary>Export jobs as the orchestrator publishes them; the upload token picks the upload server's answer.</summary>
public static class Jobs
{
    public static RenderPdfRequested Render(string token, string templateId = "ats-single-column", DateTimeOffset? deadline = null, string type = "resume",
        int extraJobs = 0) => new()
    {
        JobId = Guid.NewGuid(),
        Attempt = 1,
        UserId = Guid.NewGuid(),
        DocumentId = Guid.NewGuid(),
        DocumentVersion = 3,
        DocumentType = type,
        Title = "My resume",
        Data = type == "resume" ? SampleDocuments.Resume(extraJobs: extraJobs) : SampleDocuments.CoverLetter(),
        TemplateId = templateId,
        PageSize = "A4",
        UploadUrl = $"http://export-orchestrator/internal/files/{token}",
        Deadline = deadline ?? DateTimeOffset.UtcNow.AddMinutes(2),
    };

    public static CancelRender Cancel(RenderPdfRequested job) =>
        new() { JobId = job.JobId, Attempt = job.Attempt, Reason = "cancelled by the user", Deadline = job.Deadline };
}
