using Dapper;
using Npgsql;

namespace ResumePair.Documents.Documents;

/// <summary>
/// Keeps version history bounded (autosave writes a version every few seconds of typing): every one of
/// the newest <see cref="DocumentOptions.VersionsKeepAll"/>; beyond those the last version of each hour
/// for <see cref="DocumentOptions.VersionsHourlyFor"/>, then the last of each day; never more than
/// <see cref="DocumentOptions.MaxVersions"/> in all (the oldest go first). Named snapshots (a <c>label</c>) are
/// never removed and are not counted against the cap (their number is capped where they are named). Runs inside the
/// write's transaction, every <see cref="DocumentOptions.ThinEvery"/> versions, so its cost is spread thin.
/// </summary>
public static class VersionThinning
{
    public static bool IsDue(long version, DocumentOptions options) =>
        version > options.VersionsKeepAll && version % options.ThinEvery == 0;

    /// <returns>How many versions were removed.</returns>
    public static Task<int> ThinAsync(
        NpgsqlConnection conn,
        NpgsqlTransaction? tx,
        Guid documentId,
        DateTime now,
        DocumentOptions options,
        CancellationToken ct
    ) =>
        conn.ExecuteAsync(
            new CommandDefinition(
                Sql,
                new
                {
                    documentId,
                    hourlySince = now - options.VersionsHourlyFor,
                    keepAll = options.VersionsKeepAll,
                    max = options.MaxVersions,
                },
                tx,
                cancellationToken: ct
            )
        );

    /// <summary>The same thinning as a batch command, to ride along with the write that made it due (no extra round
    /// trip).</summary>
    public static NpgsqlBatchCommand Command(Guid documentId, DateTime now, DocumentOptions options) => new(Sql)
    {
        Parameters =
        {
            new NpgsqlParameter("documentId", documentId),
            new NpgsqlParameter("hourlySince", now - options.VersionsHourlyFor),
            new NpgsqlParameter("keepAll", (long)options.VersionsKeepAll),
            new NpgsqlParameter("max", (long)options.MaxVersions),
        },
    };

    private const string Sql = """
        WITH ranked AS (
            SELECT version,
                   row_number() OVER (ORDER BY version DESC) AS newest,
                   row_number() OVER (
                       PARTITION BY created_at > @hourlySince,
                                    CASE WHEN created_at > @hourlySince THEN date_trunc('hour', created_at, 'UTC')
                                         ELSE date_trunc('day', created_at, 'UTC') END
                       ORDER BY version DESC) AS in_bucket
            FROM document_versions WHERE document_id = @documentId AND label IS NULL
        ), kept AS (
            SELECT version FROM ranked WHERE newest <= @keepAll OR in_bucket = 1
            ORDER BY version DESC LIMIT @max
        )
        DELETE FROM document_versions
        WHERE document_id = @documentId AND label IS NULL AND version NOT IN (SELECT version FROM kept)
        """;
}
