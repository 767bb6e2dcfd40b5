using System.Text.Json;
using Npgsql;
using ResumePair.ExportOrchestrator.Jobs;
using ResumePair.ExportOrchestrator.Jobs.Engine;

namespace ResumePair.ExportOrchestrator.Imports;

/// <summary>What an import_resume job carries; the file itself is in import_uploads.</summary>
/// <param name="Plan">The uploader's plan claim, so the AI daily quota is the one their token would get.</param>
public sealed record ImportResumePayload(string FileName, string Format, string? Plan);

/// <summary>
/// import_resume: the uploaded PDF or DOCX → text (PdfPig / OpenXml) → resume data by the AI extract feature
/// (ai-proxy, on the user's quota) → a new resume in the documents service whose id is the job's id, so a repeated
/// attempt never creates a second one. LinkedIn's data export (a ZIP of CSV files) is read column by column instead,
/// without the AI. The result is <c>{documentId, unplaced}</c>.
/// </summary>
public sealed class ImportResumeHandler(NpgsqlDataSource db, AiExtractClient ai, ImportDocumentsClient documents)
    : IJobHandler
{
    public const string JobType = "import_resume";
    public string Type => JobType;

    public async Task<JobOutcome> RunAsync(JobContext job, CancellationToken ct)
    {
        var payload = JsonSerializer.Deserialize<ImportResumePayload>(job.Payload, JsonSerializerOptions.Web)
                      ?? throw new PermanentJobException("The job has no payload.");

        await JobStore.ReportProgressAsync(
            db,
            job.JobId,
            job.Attempt,
            10,
            payload.Format == "linkedin" ? "reading LinkedIn export" : "extracting text",
            ct
        );
        var file = await ImportUploads.ReadAsync(db, job.JobId, ct)
            ?? throw new PermanentJobException(
                "The uploaded file is no longer kept (it is deleted when an import ends); upload it again."
            );
        if (payload.Format == "linkedin")
        {
            // The export's columns say what each value is: no AI, nothing left unplaced.
            var resume = JsonSerializer.SerializeToElement(LinkedInExport.Read(file), JsonSerializerOptions.Web);
            return await CreateAsync(job, resume, payload.FileName, [], ct);
        }
        var text = ImportText.Tidy(payload.Format == "pdf" ? PdfText.Extract(file) : DocxText.Extract(file));
        if (ImportText.Letters(text) < ImportText.MinLetters)
            throw new PermanentJobException(payload.Format == "pdf"
                ? "No selectable text found — the file looks scanned; paste the text instead."
                : "No text found in the document; paste the text instead.");
        if (text.Length > ImportText.MaxCharacters)
            throw new PermanentJobException(
                $"The file has more than {ImportText.MaxCharacters:N0} characters of text, too long for a resume; "
                    + "paste the relevant part instead."
            );

        await JobStore.ReportProgressAsync(db, job.JobId, job.Attempt, 35, "AI extraction", ct);
        var (data, unplaced) = await ai.ExtractAsync(job.CreatedBy, text, payload.Plan, ct);

        return await CreateAsync(job, data, payload.FileName, unplaced, ct);
    }

    private async Task<JobOutcome> CreateAsync(
        JobContext job,
        JsonElement data,
        string fileName,
        IReadOnlyList<string> unplaced,
        CancellationToken ct
    )
    {
        await JobStore.ReportProgressAsync(db, job.JobId, job.Attempt, 85, "creating resume", ct);
        var documentId = job.JobId;
        await documents.CreateResumeAsync(job.CreatedBy, documentId, TitleFor(data, fileName), data, ct);
        // The lines the parser could not place go with the result: the import screen offers them to drag into place.
        return new JobOutcome(JsonSerializer.Serialize(new { documentId, unplaced }, JsonSerializerOptions.Web));
    }

    /// <summary>The person's name when the AI found one, else the file's name without its extension.</summary>
    internal static string TitleFor(JsonElement data, string fileName)
    {
        var name =
            data.TryGetProperty("profile", out var profile)
            && profile.ValueKind == JsonValueKind.Object
            && profile.TryGetProperty("name", out var n)
            && n.ValueKind == JsonValueKind.String
                ? n.GetString()?.Trim()
                : null;
        var title = string.IsNullOrEmpty(name) ? Path.GetFileNameWithoutExtension(fileName).Trim() : name;
        if (title.Length == 0) title = "Imported resume";
        return title.Length > 200 ? title[..200] : title;
    }
}
