using ResumePair.Contracts.Exports;

namespace ResumePair.PdfRenderer.Tests.Support;

/// <summary>
/// Render requests of a test's making for a real job's attempt: the orchestrator's dispatch (<see cref="ExportJobs"/>)
/// gives the job, the attempt and the upload URL; the test picks the document, the template and the deadline.
/// </summary>
public static class Jobs
{
    public static RenderPdfRequested Render(
        RenderPdfRequested dispatched,
        string templateId = "ats-single-column",
        DateTimeOffset? deadline = null,
        string type = "resume",
        int extraJobs = 0
    ) =>
        dispatched with
        {
        DocumentType = type,
        Title = "My resume",
        Data = type == "resume" ? SampleDocuments.Resume(extraJobs: extraJobs) : SampleDocuments.CoverLetter(),
        TemplateId = templateId,
        PageSize = "A4",
        Deadline = deadline ?? DateTimeOffset.UtcNow.AddMinutes(2),
    };

    public static CancelRender Cancel(RenderPdfRequested job) =>
        new() { JobId = job.JobId, Attempt = job.Attempt, Reason = "cancelled by the user", Deadline = job.Deadline };
}
