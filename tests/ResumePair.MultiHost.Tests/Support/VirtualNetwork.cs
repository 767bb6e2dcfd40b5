using System.Diagnostics;
using System.Text;

namespace ResumePair.MultiHost.Tests.Support;

/// <summary>
/// Hosts as Linux network namespaces on one bridge: <c>rp-&lt;id&gt;-br</c> in the root namespace holds 10.77.S.1 (the
/// "operator" — this test process — reaches every host through it); each host <c>rp-&lt;id&gt;-&lt;name&gt;</c> gets
/// one veth pair (<c>rp-&lt;id&gt;-&lt;name&gt;-h</c> on the bridge, <c>-n</c> inside) and its own address. Everything
/// created is named with the run's id and removed by <see cref="Dispose"/>, also after a failed set-up.
/// </summary>
public sealed class VirtualNetwork : IDisposable
{
    private readonly List<string> _namespaces = [];
    private bool _bridge;

    private VirtualNetwork(string id, int subnet)
    {
        Id = id;
        Subnet = subnet;
    }

    public string Id { get; }

    /// <summary>The third octet: hosts live in 10.77.<see cref="Subnet"/>.0/24.</summary>
    public int Subnet { get; }

    public string Cidr => $"10.77.{Subnet}.0/24";

    public string Bridge => $"rp-{Id}-br";

    public string OperatorAddress => $"10.77.{Subnet}.1";

    public static VirtualNetwork Create()
    {
        RemoveStale();
        var used = Run("ip", "-4", "route", "show").Output;
        int subnet;
        do subnet = Random.Shared.Next(10, 250); while (used.Contains($"10.77.{subnet}.", StringComparison.Ordinal));
        var network = new VirtualNetwork(Guid.NewGuid().ToString("N")[..4], subnet);
        try
        {
            Check("ip", "link", "add", network.Bridge, "type", "bridge");
            network._bridge = true;
            Check("ip", "addr", "add", $"{network.OperatorAddress}/24", "dev", network.Bridge);
            Check("ip", "link", "set", network.Bridge, "up");
            return network;
        }
        catch
        {
            network.Dispose();
            throw;
        }
    }

    public string Namespace(string host) => $"rp-{Id}-{host}";

    public string HostSideLink(string host) => $"rp-{Id}-{host}-h";

    public string Address(int lastOctet) => $"10.77.{Subnet}.{lastOctet}";

    /// <summary>A new host: namespace, loopback up, a veth pair to the bridge, <paramref name="address"/>/24
    /// inside.</summary>
    public void AddHost(string host, string address)
    {
        var ns = Namespace(host);
        var inside = $"rp-{Id}-{host}-n";
        if (HostSideLink(host).Length > 15)
            throw new ArgumentException($"interface name {HostSideLink(host)} longer than 15 characters");
        Check("ip", "netns", "add", ns);
        _namespaces.Add(ns);
        Check("ip", "-n", ns, "link", "set", "lo", "up");
        Check("ip", "link", "add", HostSideLink(host), "type", "veth", "peer", "name", inside);
        Check("ip", "link", "set", inside, "netns", ns);
        Check("ip", "link", "set", HostSideLink(host), "master", Bridge);
        Check("ip", "link", "set", HostSideLink(host), "up");
        Check("ip", "-n", ns, "addr", "add", $"{address}/24", "dev", inside);
        Check("ip", "-n", ns, "link", "set", inside, "up");
    }

    /// <summary>Pulls (or plugs back) the host's cable: its veth end on the bridge goes down (up).</summary>
    public void SetLink(string host, bool up) => Check("ip", "link", "set", HostSideLink(host), up ? "up" : "down");

    /// <summary>Every process running in the host's namespace.</summary>
    public IReadOnlyList<int> Pids(string host) =>
        Run("ip", "netns", "pids", Namespace(host)).Output
            .Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(int.Parse).ToList();

    /// <summary>Kills whatever is left in the namespaces (only this run's processes can be there), then removes them
    /// and the bridge.</summary>
    public void Dispose()
    {
        foreach (var ns in _namespaces)
        {
            foreach (
                var pid in Run("ip", "netns", "pids", ns)
                    .Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            )
                Run("kill", "-CONT", pid); // a stopped process must be able to die
            foreach (
                var pid in Run("ip", "netns", "pids", ns)
                    .Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            )
                Run("kill", "-KILL", pid);
        }
        foreach (var ns in _namespaces)
        {
            // Deleting a namespace deletes the veth end inside it, and with it the end on the bridge.
            Run("ip", "netns", "del", ns);
            Run("ip", "link", "del", $"{ns}-h");
        }
        _namespaces.Clear();
        if (_bridge) Run("ip", "link", "del", Bridge);
        _bridge = false;
    }

    /// <summary>
    /// A run killed outright (SIGKILL of the test host) cannot clean up. Its services die with it (parent watchdog) and
    /// scripts/stop-leftovers.sh removes its PostgreSQL/RabbitMQ; what remains are empty namespaces and bridges with
    /// no ports. Those — and only those, named like this class names them — are removed here.
    /// </summary>
    private static void RemoveStale()
    {
        var stale = new System.Text.RegularExpressions.Regex("^(rp-[0-9a-f]{4})-(db|svc|r1|r2)$");
        foreach (var line in Run("ip", "netns", "list").Output.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var name = line.Split(' ')[0];
            if (!stale.IsMatch(name) || Run("ip", "netns", "pids", name).Output.Trim().Length > 0) continue;
            Run("ip", "netns", "del", name);
            Run("ip", "link", "del", name + "-h");
        }
        var bridges = new System.Text.RegularExpressions.Regex(@"^\d+: (rp-[0-9a-f]{4}-br):");
        foreach (
            var line in Run("ip", "-o", "link", "show", "type", "bridge")
                .Output.Split('\n', StringSplitOptions.RemoveEmptyEntries)
        )
        {
            if (bridges.Match(line) is not { Success: true } match) continue;
            var ports = Run("ip", "-o", "link", "show", "master", match.Groups[1].Value).Output.Trim();
            if (ports.Length == 0) Run("ip", "link", "del", match.Groups[1].Value);
        }
    }

    /// <summary>Names of this run's leftovers (must be empty after Dispose).</summary>
    public IReadOnlyList<string> Leftovers()
    {
        var links = Run("ip", "-o", "link", "show").Output.Split('\n')
            .Where(l => l.Contains($"rp-{Id}-", StringComparison.Ordinal)).ToList();
        var namespaces = Run("ip", "netns", "list").Output.Split('\n')
            .Where(l => l.StartsWith($"rp-{Id}-", StringComparison.Ordinal)).ToList();
        return [.. links, .. namespaces];
    }

    public static (int ExitCode, string Output) Run(string file, params string[] arguments)
    {
        var psi = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in arguments) psi.ArgumentList.Add(a);
        using var process = Process.Start(psi)!;
        var output = new StringBuilder();
        var stderr = process.StandardError.ReadToEndAsync();
        output.Append(process.StandardOutput.ReadToEnd());
        process.WaitForExit();
        output.Append(stderr.Result);
        return (process.ExitCode, output.ToString());
    }

    private static void Check(string file, params string[] arguments)
    {
        var (exitCode, output) = Run(file, arguments);
        if (exitCode != 0)
            throw new InvalidOperationException($"{file} {string.Join(' ', arguments)} failed ({exitCode}): {output}");
    }
}
