using System.Text;
using Microsoft.Net.Http.Headers;
using Npgsql;
using ResumePair.ExportOrchestrator.Jobs;

namespace ResumePair.ExportOrchestrator.Exports;

/// <summary>Serves a completed export's file (PDF, JSON Resume or DOCX) to whoever holds a valid, unexpired download
/// token.</summary>
public static class ExportFiles
{
    public static async Task<IResult> Serve(
        string token,
        NpgsqlDataSource db,
        FileTokens tokens,
        TimeProvider time,
        HttpContext http,
        CancellationToken ct
    )
    {
        var (check, parsed) = await tokens.VerifyAsync(token, TokenPurpose.Download, ct);
        if (check == TokenCheck.Invalid)
            return TypedResults.Problem(
                statusCode: 403,
                title: "Invalid link",
                detail: "The download link is not valid."
            );
        if (check == TokenCheck.Expired)
            return TypedResults.Problem(
                statusCode: 410,
                title: "Link expired",
                detail: "The download link has expired; request a new one."
            );

        var job = await JobStore.GetAsync(db, parsed!.JobId, ct);
        if (job is null || job.Status != JobStatus.Completed || job.FileKey is null)
            return TypedResults.Problem(statusCode: 404, title: "Not found", detail: "The export no longer exists.");
        if (job.ExpiresAt is { } expires && expires <= time.GetUtcNow().UtcDateTime)
            return TypedResults.Problem(statusCode: 410, title: "Export expired", detail: "This export has expired.");

        var file = await ExportFileStore.ReadAsync(db, job.FileKey, ct);
        if (file is not { } f)
            return TypedResults.Problem(statusCode: 404, title: "Not found", detail: "The export's file is missing.");

        http.Response.Headers.CacheControl = "private, no-store";
        var name = FileName(job.Title);
        if (f.ContentType == "application/json") name = name[..^".pdf".Length] + ".json";
        if (f.ContentType == Docx.ResumeDocx.ContentType) name = name[..^".pdf".Length] + ".docx";
        return TypedResults.File(f.Content, f.ContentType, name);
    }

    /// <summary>A file's name inside a ZIP: "title (template, size).pdf", or "title.json" / "title.docx".</summary>
    internal static string ArchiveName(string title, string templateId, string? pageSize, string contentType)
    {
        var stem = FileName(title)[..^".pdf".Length];
        var extension = contentType switch
        {
            "application/json" => ".json",
            Docx.ResumeDocx.ContentType => ".docx",
            _ => ".pdf",
        };
        return pageSize is null ? stem + extension : $"{stem} ({templateId}, {pageSize}){extension}";
    }

    /// <summary>A safe attachment name from the document title ("My CV: 2025" → "My CV 2025.pdf").</summary>
    internal static string FileName(string? title)
    {
        var builder = new StringBuilder();
        foreach (var ch in (title ?? "").Normalize(NormalizationForm.FormC))
        {
            if (char.IsLetterOrDigit(ch) || ch is '-' or '_' or '.' or '(' or ')') builder.Append(ch);
            else if (builder.Length > 0 && builder[^1] != ' ')
                builder.Append(' '); // any run of other characters: one space
        }
        var name = builder.ToString().Trim(' ', '.');
        if (name.Length > 100) name = name[..100].TrimEnd();
        return (name.Length == 0 ? "resume" : name) + ".pdf";
    }
}
