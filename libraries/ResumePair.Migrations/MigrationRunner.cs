using System.Reflection;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace ResumePair.Migrations;

/// <summary>
/// Applies a service's versioned SQL migrations (embedded resources named <c>Migrations/NNNN_name.sql</c>) in order,
/// each in its own transaction, recorded in <c>schema_migrations</c>. The ResumePair libraries the service uses
/// that own tables (the outbox, idempotency keys...) ship their own <c>Migrations/</c>; those run first, recorded as
/// <c>Library.Name:NNNN_name</c>, so a library's schema has one home and no service renumbers it.
/// An advisory lock makes concurrent runs (several replicas, or the AppHost and a test) safe.
/// </summary>
public static class MigrationRunner
{
    private const long LockKey = 0x5265_7375_6D65; // "Resume"
    private const string Marker = ".Migrations.";

    public static async Task<IReadOnlyList<string>> ApplyAsync(NpgsqlDataSource dataSource, Assembly assembly,
        ILogger logger, CancellationToken ct)
    {
        var migrations = LibrariesOf(assembly).SelectMany(library => MigrationsIn(library, prefix: true))
            .Concat(MigrationsIn(assembly, prefix: false))
            .ToList();

        await using var conn = await dataSource.OpenConnectionAsync(ct);
        await Exec(conn, null, "SELECT pg_advisory_lock(@k)", ct, ("k", LockKey));
        var applied = new List<string>();
        try
        {
            await Exec(conn, null, """
                CREATE TABLE IF NOT EXISTS schema_migrations
                    (version text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())
                """, ct);
            var done = new HashSet<string>();
            await using (var cmd = new NpgsqlCommand("SELECT version FROM schema_migrations", conn))
            await using (var reader = await cmd.ExecuteReaderAsync(ct))
                while (await reader.ReadAsync(ct)) done.Add(reader.GetString(0));

            foreach (var migration in migrations.Where(m => !done.Contains(m.Version)))
            {
                await using var stream = migration.Assembly.GetManifestResourceStream(migration.Resource)!;
                var sql = await new StreamReader(stream).ReadToEndAsync(ct);
                await using var tx = await conn.BeginTransactionAsync(ct);
                await Exec(conn, tx, sql, ct);
                await Exec(
                    conn,
                    tx,
                    "INSERT INTO schema_migrations (version) VALUES (@v)",
                    ct,
                    ("v", migration.Version)
                );
                await tx.CommitAsync(ct);
                logger.LogInformation("Applied migration {Version}", migration.Version);
                applied.Add(migration.Version);
            }
        }
        finally
        {
            await Exec(conn, null, "SELECT pg_advisory_unlock(@k)", CancellationToken.None, ("k", LockKey));
        }
        return applied;
    }

    /// <summary>The ResumePair libraries the assembly uses (its compiled references), in name order.</summary>
    private static IEnumerable<Assembly> LibrariesOf(Assembly assembly) => assembly.GetReferencedAssemblies()
        .Where(name => name.Name?.StartsWith("ResumePair.", StringComparison.Ordinal) == true)
        .OrderBy(name => name.Name, StringComparer.Ordinal)
        .Select(Assembly.Load);

    private static IEnumerable<Migration> MigrationsIn(Assembly assembly, bool prefix) => assembly
        .GetManifestResourceNames()
        .Where(n => n.EndsWith(".sql", StringComparison.Ordinal) && n.Contains(Marker, StringComparison.Ordinal))
        .Select(n => new Migration(assembly, n, n[(n.IndexOf(Marker, StringComparison.Ordinal) + Marker.Length)..^4]))
        .OrderBy(m => m.Version, StringComparer.Ordinal)
        .Select(m => prefix ? m with { Version = $"{assembly.GetName().Name}:{m.Version}" } : m);

    private sealed record Migration(Assembly Assembly, string Resource, string Version);

    private static async Task Exec(NpgsqlConnection conn, NpgsqlTransaction? tx, string sql, CancellationToken ct,
        params (string Name, object Value)[] args)
    {
        await using var cmd = new NpgsqlCommand(sql, conn, tx);
        foreach (var (name, value) in args) cmd.Parameters.AddWithValue(name, value);
        await cmd.ExecuteNonQueryAsync(ct);
    }
}
