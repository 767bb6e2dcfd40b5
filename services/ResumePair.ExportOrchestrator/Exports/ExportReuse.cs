using Npgsql;
using ResumePair.ExportOrchestrator.Jobs;

namespace ResumePair.ExportOrchestrator.Exports;

/// <summary>
/// An identical request (same user, document version, template and page size) while an earlier export of it is
/// still live: the new job completes at once and points at the same file, so nothing renders twice. The file is
/// kept as long as any live job points at it (see the purge), so each job keeps its own 7-day expiry.
/// </summary>
public static class ExportReuse
{
    public static ExportKey KeyOf(Guid userId, JobPayload payload) =>
        new(userId, payload.Document.Id, payload.Document.Version, payload.TemplateId, payload.PageSize,
            payload.Photo is not null);

    public static Task<ReusableExport?> FindAsync(
        NpgsqlConnection c,
        NpgsqlTransaction tx,
        Guid userId,
        JobPayload payload,
        DateTimeOffset now,
        CancellationToken ct
    ) => JobStore.FindReusableAsync(c, tx, KeyOf(userId, payload), now, ct);

    /// <summary>Turns a just-inserted pending job into a completed copy of <paramref name="source"/>; no outbox
    /// message.</summary>
    public static async Task CompleteFromAsync(
        NpgsqlConnection c,
        NpgsqlTransaction tx,
        Guid jobId,
        ReusableExport source,
        TimeSpan lifetime,
        DateTimeOffset now,
        CancellationToken ct
    )
    {
        await JobStore.CompleteAsReuseAsync(c, tx, jobId, source, now + lifetime, now, ct);
        await JobStore.LogAsync(
            c,
            tx,
            jobId,
            1,
            "info",
            $"Identical to export {source.Id}: reused its file, nothing rendered",
            now,
            ct
        );
    }
}
