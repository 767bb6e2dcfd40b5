using System.IO.Compression;
using Npgsql;
using ResumePair.ExportOrchestrator.Apis;
using ResumePair.ExportOrchestrator.Exports;
using ResumePair.ExportOrchestrator.Jobs;
using ResumePair.ServiceDefaults.Auth;

namespace ResumePair.ExportOrchestrator.Exports.Batch;

/// <summary>
/// GET /api/v1/export/batch/{batchId}/zip: every file of one of the caller's batches as one ZIP, named
/// "title (template, size).pdf". 404 for an unknown or another user's batch, 409 while a job of it is still running,
/// 410 when none of its files is left (failed, cancelled or expired). Counts one download per file it holds.
/// </summary>
public static class BatchZipApi
{
    public static async Task<IResult> Zip(Guid batchId, HttpContext http, NpgsqlDataSource db, TimeProvider time, CancellationToken ct)
    {
        var userId = http.User.UserId();
        var now = time.GetUtcNow().UtcDateTime;
        var jobs = await JobStore.BatchFilesAsync(db, batchId, userId, ct);
        if (jobs.Count == 0) return ApiResults.NotFound("No batch with this id.");
        if (jobs.Any(j => JobStatus.IsUnfinished(j.Status)))
            return TypedResults.Problem(statusCode: 409, title: "Batch still running",
                detail: "Some exports of this batch are not finished yet; try again when they are.");
        var files = jobs.Where(j => j.Content is not null && (j.ExpiresAt is not { } e || e > now)).ToList();
        if (files.Count == 0)
            return TypedResults.Problem(statusCode: 410, title: "Nothing to download", detail: "No export of this batch has a file left.");

        using var zip = new MemoryStream();
        using (var archive = new ZipArchive(zip, ZipArchiveMode.Create, leaveOpen: true))
        {
            var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            foreach (var file in files)
            {
                var entry = archive.CreateEntry(Unique(names, NameOf(file)), CompressionLevel.Fastest);
                await using var stream = entry.Open();
                await stream.WriteAsync(file.Content!, ct);
            }
        }
        await JobStore.CountDownloadsAsync(db, files.Select(f => f.Id).ToArray(), ct);
        http.Response.Headers.CacheControl = "private, no-store";
        return TypedResults.File(zip.ToArray(), "application/zip", $"exports-{batchId.ToString()[..8]}.zip");
    }

    private static string NameOf(BatchFile file)
    {
        var stem = ExportFiles.FileName(file.Title)[..^".pdf".Length];
        var extension = file.ContentType switch
        {
            "application/json" => ".json",
            Docx.ResumeDocx.ContentType => ".docx",
            _ => ".pdf",
        };
        return file.PageSize is null ? stem + extension : $"{stem} ({file.TemplateId}, {file.PageSize}){extension}";
    }

    private static string Unique(HashSet<string> names, string name)
    {
        var candidate = name;
        for (var i = 2; !names.Add(candidate); i++)
            candidate = $"{Path.GetFileNameWithoutExtension(name)} {i}{Path.GetExtension(name)}";
        return candidate;
    }

}
