using System.Net;
using System.Net.Sockets;

namespace ResumePair.AppHost.Tests;

/// <summary>What the tests check "no process left" and "port closed" with, independent of the code under test.</summary>
internal static class InfrastructureProcesses
{
    /// <summary>Live processes (not zombies) started for <paramref name="dataDirectory"/> (they carry it in RESUMEPAIR_INFRA_DIR).</summary>
    public static List<string> Under(string dataDirectory)
    {
        var found = new List<string>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid) || pid == Environment.ProcessId) continue;
            try
            {
                var environ = File.ReadAllText(Path.Combine(dir, "environ")).Split('\0');
                if (!environ.Any(e => e.StartsWith($"RESUMEPAIR_INFRA_DIR={dataDirectory}", StringComparison.Ordinal))) continue;
                var stat = File.ReadAllText(Path.Combine(dir, "stat"));
                if (stat[(stat.LastIndexOf(')') + 2)..].StartsWith('Z')) continue;
                found.Add($"{pid} {File.ReadAllText(Path.Combine(dir, "cmdline")).Replace('\0', ' ')}");
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException) { }
        }
        return found;
    }

    public static bool Listening(int port)
    {
        using var client = new TcpClient();
        try
        {
            client.Connect(IPAddress.Loopback, port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    public static string NewDataDirectory(string kind) =>
        Path.Combine(Testing.RepositoryPaths.TestDataRoot, $"apphost-{kind}-{Guid.NewGuid():N}"[..30]);

    public static void Delete(string directory)
    {
        try { Directory.Delete(directory, recursive: true); } catch (DirectoryNotFoundException) { }
    }
}
