using Aspire.Hosting.ApplicationModel;
using Npgsql;
using ResumePair.Hosting.LocalServers.Internal;

namespace ResumePair.Hosting.LocalServers.Postgres;

/// <summary>What the postmaster needs around it: an initialised cluster (idempotent) and its databases.</summary>
internal static class PostgresCluster
{
    public static IEnumerable<string> ServerArguments(LocalPostgresResource server)
    {
        string[] args =
        [
            "-D",
            server.DataDirectory,
            // 127.0.0.1 only and no Unix socket: nothing reachable from other machines, no socket-path limits.
            "-c",
            server.Network is { } network
                ? $"listen_addresses=127.0.0.1,{network.ListenAddress}"
                : "listen_addresses=127.0.0.1",
            "-c",
            "unix_socket_directories=",
            "-c",
            "max_connections=300",
        ];
        return server.FastUnsafe
            ? [.. args, "-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off"]
            : args;
    }

    /// <summary>initdb on first use (~1 s); later starts find PG_VERSION and reuse the cluster.</summary>
    public static async Task InitialiseAsync(LocalPostgresResource server, bool asRoot, CancellationToken ct)
    {
        var directory = server.DataDirectory;
        Directory.CreateDirectory(directory);
        if (asRoot)
        {
            // The cluster belongs to the postgres user, who must be able to reach it through the repository's folders.
            MakeAncestorsTraversable(directory);
            await Command.RunCheckedAsync("chown", ["postgres:postgres", directory], ct).ConfigureAwait(false);
        }
        if (!OperatingSystem.IsWindows()) // PostgreSQL insists on 0700
            File.SetUnixFileMode(directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        if (!File.Exists(Path.Combine(directory, "PG_VERSION")))
            await InitdbAsync(server, asRoot, ct).ConfigureAwait(false);
        if (server.Network is { } network)
            await AdmitSubnetAsync(directory, network.ClientSubnet, ct).ConfigureAwait(false);
    }

    /// <summary>initdb's pg_hba.conf trusts loopback only: a server on a network admits its client subnet.</summary>
    private static async Task AdmitSubnetAsync(string directory, string subnet, CancellationToken ct)
    {
        var hba = Path.Combine(directory, "pg_hba.conf");
        var line = $"host all all {subnet} trust";
        if ((await File.ReadAllLinesAsync(hba, ct).ConfigureAwait(false)).Contains(line)) return;
        await File.AppendAllTextAsync(
                hba,
                $"\n# ResumePair.Hosting.LocalServers: LocalServerNetwork clients\n{line}\n",
                ct
            )
            .ConfigureAwait(false);
    }

    private static async Task InitdbAsync(LocalPostgresResource server, bool asRoot, CancellationToken ct)
    {
        var directory = server.DataDirectory;

        var initdb = Path.Combine(DebianBinaries.PostgresBin, "initdb");
        List<string> args = ["-D", directory, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--locale=C.UTF-8"];
        if (server.FastUnsafe) args.Add("--no-sync");
        if (asRoot)
            await Command.RunCheckedAsync(DebianBinaries.SetPriv,
                ["--reuid=postgres", "--regid=postgres", "--init-groups", "--", initdb, .. args], ct)
                .ConfigureAwait(false);
        else
            await Command.RunCheckedAsync(initdb, args, ct).ConfigureAwait(false);
    }

    /// <summary>Creates the database unless it exists (safe against a concurrent creator).</summary>
    public static async Task CreateDatabaseAsync(LocalPostgresResource server, string name, CancellationToken ct)
    {
        var admin = await AdminConnectionStringAsync(server, "postgres", ct).ConfigureAwait(false);
        await using var connection = new NpgsqlConnection(admin);
        await connection.OpenAsync(ct).ConfigureAwait(false);
        await using (var exists = new NpgsqlCommand("SELECT 1 FROM pg_database WHERE datname = $1", connection))
        {
            exists.Parameters.Add(new NpgsqlParameter { Value = name });
            if (await exists.ExecuteScalarAsync(ct).ConfigureAwait(false) is not null) return;
        }
        await using var create = new NpgsqlCommand($"CREATE DATABASE \"{name.Replace("\"", "\"\"")}\"", connection);
        try
        {
            await create.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
        }
        catch (PostgresException e)
            when (e.SqlState is PostgresErrorCodes.DuplicateDatabase or PostgresErrorCodes.UniqueViolation)
        {
            // Created by someone else between the check and the CREATE: the goal is met.
        }
    }

    /// <summary>Unpooled: an idle pooled session would hold up the postmaster's shutdown (SIGTERM waits).</summary>
    public static async Task<string> AdminConnectionStringAsync(IResourceWithConnectionString resource, string database,
        CancellationToken ct)
    {
        var connectionString = await resource.ConnectionStringExpression.GetValueAsync(ct).ConfigureAwait(false);
        return new NpgsqlConnectionStringBuilder(connectionString)
        {
            Database = database,
            Pooling = false,
            Timeout = 5,
        }.ConnectionString;
    }

    private static void MakeAncestorsTraversable(string directory)
    {
        if (OperatingSystem.IsWindows()) return;
        for (var dir = Path.GetDirectoryName(directory); !string.IsNullOrEmpty(dir) && dir != "/";
             dir = Path.GetDirectoryName(dir))
        {
            var mode = File.GetUnixFileMode(dir);
            if (!mode.HasFlag(UnixFileMode.OtherExecute)) File.SetUnixFileMode(dir, mode | UnixFileMode.OtherExecute);
        }
    }
}
