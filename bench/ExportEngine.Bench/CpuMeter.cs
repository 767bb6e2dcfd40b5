/// <summary>
/// CPU seconds used by each part of the path (this process: engine + enqueuers; PostgreSQL; RabbitMQ), read from
/// /proc. Per job, these do not depend on how busy the shared machine is, unlike jobs/s: they say where the time goes.
/// RabbitMQ's processes (the Erlang VM and its helpers) are found by the RABBITMQ_MNESIA_BASE the AppHost's resource
/// (hosting/ResumePair.Hosting.LocalServers) gives them, which lies in the broker's data directory. (An earlier
/// launcher set RESUMEPAIR_INFRA_DIR; once it was gone the meter found nothing and printed 0.)
/// </summary>
internal sealed class CpuMeter(string postgresDir, string rabbitDir)
{
    private static readonly double TicksPerSecond = 100; // USER_HZ on Linux
    private readonly string _rabbitMarker = "RABBITMQ_MNESIA_BASE=" + Path.Combine(rabbitDir, "mnesia") + "\0";

    /// <summary>How many processes the meter counts as RabbitMQ's (0 means the lookup is broken again).</summary>
    public int RabbitProcesses() =>
        Directory
            .EnumerateDirectories("/proc")
            .Count(dir => int.TryParse(Path.GetFileName(dir), out _) && IsRabbit(dir));

    private bool IsRabbit(string procDir)
    {
        try
        {
            return File.ReadAllText(Path.Combine(procDir, "environ")).Contains(_rabbitMarker);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    public (double Self, double Postgres, double Rabbit) Sample()
    {
        double postgres = 0, rabbit = 0;
        // PostgreSQL rewrites its environment area for the process title, so its processes are the postmaster
        // (postmaster.pid) and its children instead.
        var postmaster = int.TryParse(
            File.ReadLines(Path.Combine(postgresDir, "postmaster.pid")).FirstOrDefault(),
            out var p
        )
            ? p
            : -1;
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid)) continue;
            try
            {
                var stat = File.ReadAllText(Path.Combine(dir, "stat"));
                var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                var seconds = (double.Parse(fields[11]) + double.Parse(fields[12])) / TicksPerSecond; // utime, stime
                if (pid == postmaster || int.Parse(fields[1]) == postmaster) { postgres += seconds; continue; }
                if (IsRabbit(dir)) rabbit += seconds;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException) { }
        }
        return (System.Diagnostics.Process.GetCurrentProcess().TotalProcessorTime.TotalSeconds, postgres, rabbit);
    }

    public static string PerJob(
        (double Self, double Postgres, double Rabbit) before,
        (double Self, double Postgres, double Rabbit) after,
        long jobs
    ) =>
        jobs == 0
            ? "no jobs"
            : $"CPU ms per job: this process {(after.Self - before.Self) * 1000 / jobs:F2}, "
                + $"postgres {(after.Postgres - before.Postgres) * 1000 / jobs:F2}, "
                + $"rabbitmq {(after.Rabbit - before.Rabbit) * 1000 / jobs:F2}";
}
