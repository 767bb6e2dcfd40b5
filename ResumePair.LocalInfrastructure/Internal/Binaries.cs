namespace ResumePair.LocalInfrastructure.Internal;

/// <summary>Where Debian's packages put the servers; the newest installed version wins.</summary>
internal static class Binaries
{
    public static string PostgresBin => Find("RESUMEPAIR_PG_BIN", "/usr/lib/postgresql", "bin", "pg_ctl", "postgresql (apt-get install postgresql)");

    public static string RabbitMqSbin => Find("RESUMEPAIR_RABBITMQ_SBIN", "/usr/lib/rabbitmq/lib", "sbin", "rabbitmq-server", "rabbitmq-server (apt-get install rabbitmq-server)");

    private static string Find(string overrideVariable, string root, string sub, string probe, string package)
    {
        var overridden = Environment.GetEnvironmentVariable(overrideVariable);
        if (!string.IsNullOrEmpty(overridden)) return overridden;
        var candidates = Directory.Exists(root)
            ? Directory.GetDirectories(root)
                .Select(d => Path.Combine(d, sub))
                .Where(d => File.Exists(Path.Combine(d, probe)))
                .OrderByDescending(d => VersionOf(d))
                .ToList()
            : [];
        return candidates.FirstOrDefault()
            ?? throw new InvalidOperationException($"{probe} not found under {root}: install {package}, or run scripts/install.sh");
    }

    // "/usr/lib/postgresql/15/bin" -> 15; "/usr/lib/rabbitmq/lib/rabbitmq_server-3.10.8/sbin" -> 3.10.8
    private static Version VersionOf(string dir)
    {
        var name = Path.GetFileName(Path.GetDirectoryName(dir)!);
        var digits = name[(name.IndexOfAny("0123456789".ToCharArray()) is var i and >= 0 ? i : 0)..];
        if (!digits.Contains('.')) digits += ".0";
        return Version.TryParse(digits, out var v) ? v : new Version(0, 0);
    }
}
