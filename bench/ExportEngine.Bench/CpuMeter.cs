/// <summary>
/// CPU seconds used by each part of the path (this process: engine + enqueuers; PostgreSQL; RabbitMQ), read from
/// /proc. Per job, these do not depend on how busy the shared machine is, unlike jobs/s: they say where the time goes.
/// RabbitMQ's processes are found by the RESUMEPAIR_INFRA_DIR their launcher puts in their environment.
/// </summary>
internal sealed class CpuMeter(string postgresDir, string rabbitDir)
{
    private static readonly double TicksPerSecond = 100; // USER_HZ on Linux

    public (double Self, double Postgres, double Rabbit) Sample()
    {
        double postgres = 0, rabbit = 0;
        // PostgreSQL rewrites its environment area for the process title, so its processes are the postmaster
        // (postmaster.pid) and its children instead.
        var postmaster = int.TryParse(File.ReadLines(Path.Combine(postgresDir, "postmaster.pid")).FirstOrDefault(), out var p) ? p : -1;
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid)) continue;
            try
            {
                var stat = File.ReadAllText(Path.Combine(dir, "stat"));
                var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                var seconds = (double.Parse(fields[11]) + double.Parse(fields[12])) / TicksPerSecond; // utime, stime
                if (pid == postmaster || int.Parse(fields[1]) == postmaster) { postgres += seconds; continue; }
                if (File.ReadAllText(Path.Combine(dir, "environ")).Contains("RESUMEPAIR_INFRA_DIR=" + rabbitDir + "\0")) rabbit += seconds;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException) { }
        }
        return (System.Diagnostics.Process.GetCurrentProcess().TotalProcessorTime.TotalSeconds, postgres, rabbit);
    }

    public static string PerJob((double Self, double Postgres, double Rabbit) before, (double Self, double Postgres, double Rabbit) after, long jobs) =>
        jobs == 0 ? "no jobs" :
        $"CPU ms per job: this process {(after.Self - before.Self) * 1000 / jobs:F2}, postgres {(after.Postgres - before.Postgres) * 1000 / jobs:F2}, " +
        $"rabbitmq {(after.Rabbit - before.Rabbit) * 1000 / jobs:F2}";
}
