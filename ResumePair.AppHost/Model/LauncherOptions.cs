using System.Globalization;
using System.Reflection;

namespace ResumePair.AppHost.Model;

/// <summary>The launcher's command line. Everything has a default: <c>dotnet run --project ResumePair.AppHost</c> needs no input.</summary>
public sealed record LauncherOptions
{
    public int Renderers { get; init; } = 1;

    /// <summary>Replica counts by project name (<c>--replicas documents=2,gateway=2</c>); absent = 1.</summary>
    public IReadOnlyDictionary<string, int> Replicas { get; init; } = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);

    /// <summary>How many replicas of <paramref name="project"/> to run (pdf-renderer: <c>--renderers</c> unless named in --replicas).</summary>
    public int ReplicasOf(string project) =>
        Replicas.TryGetValue(project, out var n) ? n : project == "pdf-renderer" ? Renderers : 1;

    /// <summary>0 = any free port.</summary>
    public int GatewayPort { get; init; } = 8080;

    /// <summary>Null = <c>&lt;repo&gt;/.data/apphost</c>.</summary>
    public string? DataDirectory { get; init; }

    /// <summary>Npgsql connection string of an existing server to use instead of starting one.</summary>
    public string? Postgres { get; init; }

    /// <summary>AMQP URI of an existing broker to use instead of starting one.</summary>
    public string? RabbitMq { get; init; }

    public string? OtlpEndpoint { get; init; }

    public string Environment { get; init; } = "Development";

    /// <summary>Which <c>bin/&lt;Configuration&gt;</c> folder the services are launched from.</summary>
    public string Configuration { get; init; } = BuiltConfiguration;

    public bool ShowHelp { get; init; }

    /// <summary>The configuration this launcher was itself built with (its projects were built alongside it).</summary>
    public static string BuiltConfiguration =>
        typeof(LauncherOptions).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Debug";

    public const string Usage = """
        Usage: dotnet run --project ResumePair.AppHost [-- options]   (or scripts/run.sh [options])
          --renderers N          pdf-renderer replicas (default 1)
          --replicas NAME=N,...  replicas of any project, e.g. documents=2,gateway=2 (gateway replica i listens on
                                 gateway-port + i; with --gateway-port 0 each gets a free port)
          --gateway-port P       gateway port (default 8080; 0 = any free port)
          --data-dir D           PostgreSQL/RabbitMQ data and service scratch space (default <repo>/.data/apphost)
          --postgres CONN        use this existing PostgreSQL (Npgsql connection string) instead of starting one
          --rabbitmq URI         use this existing RabbitMQ (amqp://user:pass@host:port/vhost) instead of starting one
          --otlp-endpoint URL    export traces, metrics and logs over OTLP
          --environment NAME     ASPNETCORE_ENVIRONMENT of the services (default Development)
          --configuration C      Debug|Release: which bin folder to launch (default: the launcher's own)
          --help                 this text
        """;

    /// <exception cref="ArgumentException">Unknown flag or bad value (the message says which).</exception>
    public static LauncherOptions Parse(IReadOnlyList<string> args)
    {
        var options = new LauncherOptions();
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            string? inline = null;
            if (arg.StartsWith("--", StringComparison.Ordinal) && arg.IndexOf('=') is var eq and > 0)
            {
                inline = arg[(eq + 1)..];
                arg = arg[..eq];
            }
            string Value() => inline ?? (i + 1 < args.Count ? args[++i] : throw new ArgumentException($"{arg} needs a value"));

            options = arg switch
            {
                "--renderers" => options with { Renderers = PositiveInt(arg, Value(), min: 1) },
                "--replicas" => options with { Replicas = ReplicaCounts(arg, Value(), options.Replicas) },
                "--gateway-port" => options with { GatewayPort = PositiveInt(arg, Value(), min: 0, max: 65535) },
                "--data-dir" => options with { DataDirectory = Path.GetFullPath(Value()) },
                "--postgres" => options with { Postgres = Value() },
                "--rabbitmq" => options with { RabbitMq = Uri(arg, Value(), "amqp") },
                "--otlp-endpoint" => options with { OtlpEndpoint = Uri(arg, Value(), "http") },
                "--environment" => options with { Environment = Value() },
                "--configuration" => options with { Configuration = Value() },
                "--help" or "-h" or "-?" => options with { ShowHelp = true },
                _ => throw new ArgumentException($"Unknown option {arg}"),
            };
        }
        return options;
    }

    private static int PositiveInt(string flag, string value, int min, int max = int.MaxValue) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n >= min && n <= max
            ? n
            : throw new ArgumentException($"{flag} must be an integer between {min} and {max}, not '{value}'");

    private static Dictionary<string, int> ReplicaCounts(string flag, string value, IReadOnlyDictionary<string, int> earlier)
    {
        var counts = new Dictionary<string, int>(earlier, StringComparer.OrdinalIgnoreCase);
        foreach (var pair in value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var parts = pair.Split('=', 2, StringSplitOptions.TrimEntries);
            if (parts.Length != 2 || parts[0].Length == 0)
                throw new ArgumentException($"{flag} takes NAME=N pairs separated by commas, not '{pair}'");
            counts[parts[0]] = PositiveInt($"{flag} {parts[0]}", parts[1], min: 1, max: 16);
        }
        return counts;
    }

    private static string Uri(string flag, string value, string schemePrefix) =>
        System.Uri.TryCreate(value, UriKind.Absolute, out var uri) && uri.Scheme.StartsWith(schemePrefix, StringComparison.OrdinalIgnoreCase)
            ? value
            : throw new ArgumentException($"{flag} must be an absolute {schemePrefix}(s):// URI, not '{value}'");
}
