using System.Text;
using Dapper;
using Microsoft.Net.Http.Headers;
using Npgsql;
using ResumePair.ExportOrchestrator.Jobs;

namespace ResumePair.ExportOrchestrator.Files;

/// <summary>Serves a completed export's file (PDF, JSON Resume or DOCX) to whoever holds a valid, unexpired download token.</summary>
public static class ExportFiles
{
    public static async Task<IResult> Serve(string token, NpgsqlDataSource db, FileTokens tokens, TimeProvider time, HttpContext http, CancellationToken ct)
    {
        var (check, parsed) = await tokens.VerifyAsync(token, TokenPurpose.Download, ct);
        if (check == TokenCheck.Invalid)
            return TypedResults.Problem(statusCode: 403, title: "Invalid link", detail: "The download link is not valid.");
        if (check == TokenCheck.Expired)
            return TypedResults.Problem(statusCode: 410, title: "Link expired", detail: "The download link has expired; request a new one.");

        var job = await JobStore.GetAsync(db, parsed!.JobId, ct);
        if (job is null || job.Status != JobStatus.Completed || job.FileKey is null)
            return TypedResults.Problem(statusCode: 404, title: "Not found", detail: "The export no longer exists.");
        if (job.ExpiresAt is { } expires && expires <= time.GetUtcNow().UtcDateTime)
            return TypedResults.Problem(statusCode: 410, title: "Export expired", detail: "This export has expired.");

        await using var c = await db.OpenConnectionAsync(ct);
        var file = await c.QuerySingleOrDefaultAsync<StoredFile>(new CommandDefinition(
            "SELECT content, content_type FROM export_files WHERE key = @key", new { key = job.FileKey }, cancellationToken: ct));
        if (file is not { } f) return TypedResults.Problem(statusCode: 404, title: "Not found", detail: "The export's file is missing.");

        http.Response.Headers.CacheControl = "private, no-store";
        var name = FileName(job.Title);
        if (f.ContentType == "application/json") name = name[..^".pdf".Length] + ".json";
        if (f.ContentType == Exports.Docx.ResumeDocx.ContentType) name = name[..^".pdf".Length] + ".docx";
        return TypedResults.File(f.Content, f.ContentType, name);
    }

    /// <summary>Stores a job attempt's file; idempotent per attempt (the key), like a renderer's PUT.</summary>
    public static async Task StoreAsync(NpgsqlDataSource db, string key, byte[] content, string contentType, DateTimeOffset now,
        CancellationToken ct)
    {
        await using var c = await db.OpenConnectionAsync(ct);
        await c.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO export_files (key, content, size, content_type, created_at) VALUES (@key, @content, @size, @contentType, @now)
            ON CONFLICT (key) DO UPDATE SET content = EXCLUDED.content, size = EXCLUDED.size, created_at = EXCLUDED.created_at
            """, new { key, content, size = (long)content.Length, contentType, now }, cancellationToken: ct));
    }

    /// <summary>A safe attachment name from the document title ("My CV: 2025" → "My CV 2025.pdf").</summary>
    internal static string FileName(string? title)
    {
        var builder = new StringBuilder();
        foreach (var ch in (title ?? "").Normalize(NormalizationForm.FormC))
        {
            if (char.IsLetterOrDigit(ch) || ch is '-' or '_' or '.' or '(' or ')') builder.Append(ch);
            else if (builder.Length > 0 && builder[^1] != ' ') builder.Append(' '); // any run of other characters: one space
        }
        var name = builder.ToString().Trim(' ', '.');
        if (name.Length > 100) name = name[..100].TrimEnd();
        return (name.Length == 0 ? "resume" : name) + ".pdf";
    }

    private sealed class StoredFile
    {
        public byte[] Content { get; init; } = [];
        public string ContentType { get; init; } = "";
    }
}
