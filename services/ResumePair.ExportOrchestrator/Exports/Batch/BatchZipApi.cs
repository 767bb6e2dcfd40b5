using System.IO.Compression;
using Npgsql;
using ResumePair.ExportOrchestrator.Apis;
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
    public static IEndpointRouteBuilder MapBatchZipApi(this IEndpointRouteBuilder app)
    {
        app.MapGroup("/api/v1/export").WithTags("Exports").RequireAuthorization()
            .MapGet("/batch/{batchId:guid}/zip", Zip)
            .WithSummary("Every file of one of your batches as one ZIP (409 while a job of it runs).");
        return app;
    }

    public static async Task<IResult> Zip(
        Guid batchId,
        HttpContext http,
        NpgsqlDataSource db,
        TimeProvider time,
        CancellationToken ct
    )
    {
        var jobs = await JobStore.BatchAsync(db, batchId, http.User.UserId(), ct);
        if (jobs.Count == 0) return ApiResults.NotFound("No batch with this id.");
        if (jobs.Any(j => JobStatus.IsUnfinished(j.Status)))
            return TypedResults.Problem(statusCode: 409, title: "Batch still running",
                detail: "Some exports of this batch are not finished yet; try again when they are.");
        var now = time.GetUtcNow().UtcDateTime;
        var live = jobs.Where(j =>
            j.Status == JobStatus.Completed && j.FileKey is not null && (j.ExpiresAt is not { } e || e > now)
        );

        using var zip = new MemoryStream();
        var counted = new List<Guid>();
        using (var archive = new ZipArchive(zip, ZipArchiveMode.Create, leaveOpen: true))
        {
            var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            foreach (var job in live)
            {
                if (await ExportFileStore.ReadAsync(db, job.FileKey!, ct) is not { } file) continue;
                var name = Unique(
                    names,
                    ExportFiles.ArchiveName(job.Title, job.TemplateId, job.PageSize, file.ContentType)
                );
                var entry = archive.CreateEntry(name, CompressionLevel.Fastest);
                await using (var stream = entry.Open()) await stream.WriteAsync(file.Content, ct);
                counted.Add(job.Id);
            }
        }
        if (counted.Count == 0)
            return TypedResults.Problem(
                statusCode: 410,
                title: "Nothing to download",
                detail: "No export of this batch has a file left."
            );
        foreach (var id in counted) await JobStore.CountDownloadAsync(db, id, ct);
        http.Response.Headers.CacheControl = "private, no-store";
        return TypedResults.File(zip.ToArray(), "application/zip", $"exports-{batchId.ToString()[..8]}.zip");
    }

    internal static string Unique(HashSet<string> names, string name)
    {
        var candidate = name;
        for (var i = 2; !names.Add(candidate); i++)
            candidate = $"{Path.GetFileNameWithoutExtension(name)} {i}{Path.GetExtension(name)}";
        return candidate;
    }
}
