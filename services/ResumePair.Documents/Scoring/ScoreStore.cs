using System.Text.Json;
using Dapper;
using Npgsql;
using ResumePair.Documents.Http;

namespace ResumePair.Documents.Scoring;

public sealed record MemoisedScore(ResumeScore Score, DateTime ComputedAt);

/// <summary>
/// Memoised scores (<c>resume_scores</c>, migration 0022): one row per document, the newest version scored. Callers
/// have already read the document with its owner's id, so these queries need no user scope of their own.
/// </summary>
public sealed class ScoreStore(NpgsqlDataSource db, TimeProvider clock)
{
    public async Task<MemoisedScore?> GetAsync(Guid documentId, long version, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        var row = await conn.QuerySingleOrDefaultAsync<Row>(new CommandDefinition("""
            SELECT result::text AS Result, computed_at AS ComputedAt FROM resume_scores
            WHERE document_id = @documentId AND version = @version AND scorer = @scorer
            """, new { documentId, version, scorer = ResumeScorer.Version }, cancellationToken: ct));
        return row is null
            ? null
            : new MemoisedScore(
                JsonSerializer.Deserialize<ResumeScore>(row.Result, JsonSerializerOptions.Web)!,
                row.ComputedAt
            );
    }

    /// <summary>Keeps this version's score; an older version's row gives way, a newer one is left alone.</summary>
    public async Task<MemoisedScore> PutAsync(Guid documentId, long version, ResumeScore score, CancellationToken ct)
    {
        var now = clock.UtcNowForDb();
        await using var conn = await db.OpenConnectionAsync(ct);
        await conn.ExecuteAsync(
            new CommandDefinition(
                """
                INSERT INTO resume_scores (document_id, version, scorer, result, computed_at)
                VALUES (@documentId, @version, @scorer, CAST(@result AS jsonb), @now)
                ON CONFLICT (document_id) DO UPDATE SET version = excluded.version, scorer = excluded.scorer,
                    result = excluded.result, computed_at = excluded.computed_at
                WHERE resume_scores.version <= excluded.version
                """,
                new
                {
                    documentId,
                    version,
                    scorer = ResumeScorer.Version,
                    result = JsonSerializer.Serialize(score, JsonSerializerOptions.Web),
                    now,
                },
                cancellationToken: ct
            )
        );
        return new MemoisedScore(score, now);
    }

    private sealed record Row(string Result, DateTime ComputedAt);
}
