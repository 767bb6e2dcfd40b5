using Npgsql;

namespace ResumePair.Testing.Jobs;

/// <summary>
/// A probe for "done twice" in tests and the soak: a trigger that records every transition of a job row into
/// <c>completed</c>, whichever path made it. The engine's completion batch writes no log line (#21), so the job log no
/// longer counts completions; this counts them at the table, which no code path can bypass.
/// </summary>
public static class CompletionAudit
{
    /// <summary>Creates the audit table and trigger in the database (idempotent).</summary>
    public static async Task InstallAsync(NpgsqlDataSource db, CancellationToken ct = default)
    {
        await using var cmd = db.CreateCommand(
            """
            CREATE TABLE IF NOT EXISTS test_job_completions (job_id uuid NOT NULL, attempt int NOT NULL);
            CREATE OR REPLACE FUNCTION test_audit_job_completion() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                INSERT INTO test_job_completions VALUES (NEW.id, NEW.attempts);
                RETURN NULL;
            END $$;
            DROP TRIGGER IF EXISTS test_job_completions ON jobs;
            CREATE TRIGGER test_job_completions AFTER UPDATE OF status ON jobs FOR EACH ROW
                WHEN (NEW.status = 'completed' AND OLD.status IS DISTINCT FROM 'completed')
                EXECUTE FUNCTION test_audit_job_completion();
            """);
        await cmd.ExecuteNonQueryAsync(ct);
    }

    /// <summary>Of these jobs (all when null), how many were completed exactly once and how many more than
    /// once.</summary>
    public static async Task<(long Once, long Twice)> CountAsync(
        NpgsqlDataSource db,
        IReadOnlyCollection<Guid>? jobs = null,
        CancellationToken ct = default
    )
    {
        await using var cmd = db.CreateCommand(
            """
            SELECT count(*) FILTER (WHERE n = 1), count(*) FILTER (WHERE n > 1)
            FROM (SELECT job_id, count(*) AS n FROM test_job_completions
                  WHERE @jobs::uuid[] IS NULL OR job_id = ANY(@jobs) GROUP BY job_id) t
            """);
        cmd.Parameters.Add(new NpgsqlParameter("jobs", NpgsqlTypes.NpgsqlDbType.Array | NpgsqlTypes.NpgsqlDbType.Uuid)
        {
            Value = jobs is null ? DBNull.Value : jobs.ToArray(),
        });
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        await reader.ReadAsync(ct);
        return (reader.GetInt64(0), reader.GetInt64(1));
    }
}
