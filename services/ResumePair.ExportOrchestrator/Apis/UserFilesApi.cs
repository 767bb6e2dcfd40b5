using Npgsql;
using ResumePair.ExportOrchestrator.Exports;
using ResumePair.ExportOrchestrator.Exports.Batch;
using ResumePair.ExportOrchestrator.Jobs;
using ResumePair.Web.Internal;

namespace ResumePair.ExportOrchestrator.Apis;

/// <summary>One of a user's stored export files, named as it goes into a ZIP (unique within the list).</summary>
public sealed record UserFile(Guid JobId, string Name, string ContentType, long SizeBytes, DateTimeOffset CompletedAt);

public sealed record UserFiles(IReadOnlyList<UserFile> Files);

/// <summary>
/// The documents service's data archive ("download all my data") asks here for the user's export files, signed with the
/// internal key (never routed by the gateway; the caller names the user): <c>GET
/// /internal/v1/users/{userId}/exports</c> lists every file still stored (PDF, DOCX, JSON Resume; expired ones until
/// the purge removes them), and
/// <c>GET …/exports/{jobId}</c> answers one file's bytes, 404 unless it is that user's. Downloads through here are not
/// counted in the export history: the user downloaded their archive, not the export.
/// </summary>
public static class UserFilesApi
{
    public static IEndpointRouteBuilder MapUserFilesApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/internal/v1/users/{userId:guid}/exports")
            .RequireInternalAuth()
            .ExcludeFromDescription();
        api.MapGet("", ListAsync);
        api.MapGet("/{jobId:guid}", FileAsync);
        return app;
    }

    public static async Task<UserFiles> ListAsync(Guid userId, NpgsqlDataSource db, CancellationToken ct)
    {
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var rows = await JobStore.FilesOfUserAsync(db, userId, ct);
        return new UserFiles(rows.Select(r => new UserFile(r.Id,
            BatchZipApi.Unique(names, ExportFiles.ArchiveName(r.Title, r.TemplateId, r.PageSize, r.ContentType)),
            r.ContentType, r.SizeBytes, JobViews.Utc(r.CompletedAt))).ToList());
    }

    public static async Task<IResult> FileAsync(Guid userId, Guid jobId, NpgsqlDataSource db, CancellationToken ct)
    {
        var job = await JobStore.GetForUserAsync(db, jobId, userId, ct);
        if (
            job is not { Status: JobStatus.Completed, FileKey: { } key }
            || await ExportFileStore.ReadAsync(db, key, ct) is not { } file
        )
            return ApiResults.NotFound("No stored export file with this id for this user.");
        return TypedResults.Bytes(file.Content, file.ContentType);
    }
}
