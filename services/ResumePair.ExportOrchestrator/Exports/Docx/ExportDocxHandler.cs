using System.Text.Json;
using Npgsql;
using ResumePair.Contracts.Documents;
using ResumePair.Contracts.Documents.Validation;
using ResumePair.Documents.Client;
using ResumePair.ExportOrchestrator.Jobs.Engine;

namespace ResumePair.ExportOrchestrator.Exports.Docx;

/// <summary>What an export_docx job carries: the document as it was when the export was asked for.</summary>
public sealed record ExportDocxPayload(DocumentSnapshot Document);

/// <summary>export_docx: writes the snapshot as a Word document and stores it as the export's file (served and expiring
/// like a PDF).</summary>
public sealed class ExportDocxHandler(NpgsqlDataSource db, TimeProvider time) : IJobHandler
{
    public const string JobType = "export_docx";
    public const string Format = "docx";
    public string Type => JobType;

    public async Task<JobOutcome> RunAsync(JobContext job, CancellationToken ct)
    {
        var payload = JsonSerializer.Deserialize<ExportDocxPayload>(job.Payload, JsonSerializerOptions.Web)
                      ?? throw new PermanentJobException("The job has no payload.");
        var document = payload.Document;
        var content = document.Type == DocumentTypes.CoverLetter
            ? ResumeDocx.Write(document.Data.Deserialize<CoverLetterData>(DocumentJson.Output)!, document.Title)
            : ResumeDocx.Write(document.Data.Deserialize<ResumeData>(DocumentJson.Output)!, document.Title);
        var key = FileKeys.For(job.JobId, job.Attempt, Format);
        await ExportFileStore.PutAsync(db, key, content, ResumeDocx.ContentType, time.GetUtcNow(), ct);
        return new JobOutcome(
            JsonSerializer.Serialize(new { sizeBytes = content.Length, format = Format }),
            key,
            content.Length
        );
    }
}
