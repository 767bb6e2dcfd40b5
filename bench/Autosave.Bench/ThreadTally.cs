using System.Globalization;
using System.Text;

namespace Autosave.Bench;

/// <summary>
/// CPU and context switches of a process by thread name (<c>/proc/PID/task/*/comm</c>: ".NET TP Worker",
/// ".NET SocketEng", "OpenTelemetry-…", truncated to 15 characters by the kernel), so a step can tell which of its
/// threads wake per request. <c>GatewayOnly --threads</c>.
/// </summary>
public static class ThreadTally
{
    public static Dictionary<int, (string Name, double Ms, long Switches)> Read(int pid)
    {
        var tally = new Dictionary<int, (string, double, long)>();
        foreach (var task in Directory.EnumerateDirectories($"/proc/{pid}/task"))
        {
            try
            {
                var name = File.ReadAllText(Path.Combine(task, "comm")).Trim();
                var stat = File.ReadAllText(Path.Combine(task, "stat"));
                var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                var ms = (long.Parse(fields[11]) + long.Parse(fields[12])) * 10.0;
                long switches = 0;
                foreach (var line in File.ReadLines(Path.Combine(task, "status")))
                    if (line.StartsWith("voluntary_ctxt_switches:", StringComparison.Ordinal)
                        || line.StartsWith("nonvoluntary_ctxt_switches:", StringComparison.Ordinal))
                        switches += long.Parse(line.Split(':')[1].Trim());
                tally[int.Parse(Path.GetFileName(task))] = (name, ms, switches);
            }
            catch (IOException) { }
        }
        return tally;
    }

    /// <summary>CPU ms used between the two reads by the threads of one name.</summary>
    public static double Ms(Dictionary<int, (string Name, double Ms, long Switches)> before,
        Dictionary<int, (string Name, double Ms, long Switches)> after, string name) =>
        after.Where(t => t.Value.Name == name)
            .Sum(t => t.Value.Ms - (before.TryGetValue(t.Key, out var b) ? b.Ms : 0));

    /// <summary>Per thread name, what the threads of that name used between the two reads, per request.</summary>
    public static string PerRequest(Dictionary<int, (string Name, double Ms, long Switches)> before,
        Dictionary<int, (string Name, double Ms, long Switches)> after, long requests)
    {
        var byName = new Dictionary<string, (int Threads, double Ms, long Switches)>();
        foreach (var (tid, now) in after)
        {
            var was = before.TryGetValue(tid, out var b) ? b : (now.Name, 0.0, 0L);
            var (threads, ms, switches) = byName.GetValueOrDefault(now.Name);
            byName[now.Name] = (threads + 1, ms + now.Ms - was.Item2, switches + now.Switches - was.Item3);
        }
        var text = new StringBuilder("\n    by thread (CPU ms / switches per request):");
        foreach (var (name, (threads, ms, switches)) in byName.OrderByDescending(t => t.Value.Switches))
        {
            if (ms == 0 && switches == 0) continue;
            text.Append(CultureInfo.InvariantCulture,
                $"\n    {name,-16} x{threads,-3} {ms / requests,6:0.000} {(double)switches / requests,6:0.00}");
        }
        return text.ToString();
    }
}
