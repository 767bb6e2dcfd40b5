using System.Reflection;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace ResumePair.ServiceDefaults.Data;

/// <summary>
/// Applies a service's versioned SQL migrations (embedded resources named <c>Migrations/NNNN_name.sql</c>)
/// in order, each in its own transaction, recorded in <c>schema_migrations</c>. An advisory lock makes
/// concurrent runs (several replicas, or the launcher and a test) safe.
/// </summary>
public static class MigrationRunner
{
    private const long LockKey = 0x5265_7375_6D65; // "Resume"

    public static async Task<IReadOnlyList<string>> ApplyAsync(NpgsqlDataSource dataSource, Assembly assembly, ILogger logger, CancellationToken ct)
    {
        var migrations = assembly.GetManifestResourceNames()
            .Where(n => n.EndsWith(".sql", StringComparison.Ordinal) && n.Contains(".Migrations.", StringComparison.Ordinal))
            .Select(n => (Resource: n, Version: n[(n.IndexOf(".Migrations.", StringComparison.Ordinal) + 12)..^4]))
            .OrderBy(m => m.Version, StringComparer.Ordinal)
            .ToList();

        await using var conn = await dataSource.OpenConnectionAsync(ct);
        await Exec(conn, null, "SELECT pg_advisory_lock(@k)", ct, ("k", LockKey));
        var applied = new List<string>();
        try
        {
            await Exec(conn, null, "CREATE TABLE IF NOT EXISTS schema_migrations (version text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())", ct);
            var done = new HashSet<string>();
            await using (var cmd = new NpgsqlCommand("SELECT version FROM schema_migrations", conn))
            await using (var reader = await cmd.ExecuteReaderAsync(ct))
                while (await reader.ReadAsync(ct)) done.Add(reader.GetString(0));

            foreach (var (resource, version) in migrations.Where(m => !done.Contains(m.Version)))
            {
                await using var stream = assembly.GetManifestResourceStream(resource)!;
                var sql = await new StreamReader(stream).ReadToEndAsync(ct);
                await using var tx = await conn.BeginTransactionAsync(ct);
                await Exec(conn, tx, sql, ct);
                await Exec(conn, tx, "INSERT INTO schema_migrations (version) VALUES (@v)", ct, ("v", version));
                await tx.CommitAsync(ct);
                logger.LogInformation("Applied migration {Version}", version);
                applied.Add(version);
            }
        }
        finally
        {
            await Exec(conn, null, "SELECT pg_advisory_unlock(@k)", CancellationToken.None, ("k", LockKey));
        }
        return applied;
    }

    private static async Task Exec(NpgsqlConnection conn, NpgsqlTransaction? tx, string sql, CancellationToken ct, params (string Name, object Value)[] args)
    {
        await using var cmd = new NpgsqlCommand(sql, conn, tx);
        foreach (var (name, value) in args) cmd.Parameters.AddWithValue(name, value);
        await cmd.ExecuteNonQueryAsync(ct);
    }
}
