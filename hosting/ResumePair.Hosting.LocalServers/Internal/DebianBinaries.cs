namespace ResumePair.Hosting.LocalServers.Internal;

/// <summary>
/// Where Debian 12's postgresql and rabbitmq-server packages put their programs (scripts/install.sh installs them).
/// </summary>
internal static class DebianBinaries
{
    public static string PostgresBin => Newest("/usr/lib/postgresql", "*", "bin")
        ?? throw new InvalidOperationException(
            "PostgreSQL is not installed (/usr/lib/postgresql/*/bin): run scripts/install.sh");

    // The /usr/sbin wrapper switches to the rabbitmq user and its global paths: run the server script directly.
    public static string RabbitMqSbin => Newest("/usr/lib/rabbitmq/lib", "rabbitmq_server-*", "sbin")
        ?? throw new InvalidOperationException(
            "RabbitMQ is not installed (/usr/lib/rabbitmq/lib/*/sbin): run scripts/install.sh");

    public const string Epmd = "/usr/bin/epmd";

    public const string SetPriv = "/usr/bin/setpriv";

    public const string Erl = "/usr/bin/erl";

    public const string SetSid = "/usr/bin/setsid";

    private static string? Newest(string root, string pattern, string leaf) =>
        Directory.Exists(root)
            ? Directory.GetDirectories(root, pattern).Select(d => Path.Combine(d, leaf)).Where(Directory.Exists)
                .OrderByDescending(d => d, StringComparer.Ordinal).FirstOrDefault()
            : null;
}
