using System.Diagnostics;
using ResumePair.Deploy.Tests.Support;
using Xunit;

namespace ResumePair.Deploy.Tests;

/// <summary>
/// The code-style rule "lines within 120 columns" (.editorconfig's max_line_length), kept by a test because neither the
/// compiler nor the IDE enforces it. scripts/wrap-long-lines.sh fixes what this reports.
/// </summary>
public sealed class LineLengthTests
{
    public const int MaxColumns = 120;

    /// <summary>
    /// The directories already brought within the limit. The other streams' directories join after their pass with
    /// scripts/wrap-long-lines.sh; then this becomes the whole repository ("").
    /// </summary>
    public static readonly string[] Checked =
    [
        "bench/Cluster.Bench",
        "bench/ExportEngine.Bench",
        "bench/ExportSoak",
        "bench/Import.Bench",
        "bench/Topology.Bench",
        "contracts",
        "libraries",
        "services/ResumePair.AiProxy",
        "services/ResumePair.Documents",
        "services/ResumePair.ExportOrchestrator",
        "tests/ResumePair.AiProxy.Tests",
        "tests/ResumePair.Contracts.Tests",
        "tests/ResumePair.Deploy.Tests",
        "tests/ResumePair.Documents.Tests",
        "tests/ResumePair.EndToEndTests",
        "tests/ResumePair.ExportOrchestrator.Tests",
        "tests/ResumePair.MultiHost.Tests",
        "tests/ResumePair.WebApp.Tests",
    ];

    [Fact]
    public void Every_tracked_cs_line_in_the_checked_directories_is_within_120_columns()
    {
        var files = TrackedFiles(Checked.Select(d => $":(glob){(d.Length == 0 ? "" : d + "/")}**/*.cs"));
        Assert.NotEmpty(files);
        var longLines = files
            .SelectMany(file => File.ReadLines(Topology.PathOf(file))
                .Select((line, index) => (file, number: index + 1, columns: line.Length)))
            .Where(l => l.columns > MaxColumns)
            .Select(l => $"{l.file}:{l.number} ({l.columns} columns)")
            .ToList();
        Assert.True(longLines.Count == 0,
            $"{longLines.Count} lines over {MaxColumns} columns (scripts/wrap-long-lines.sh DIR fixes most):\n"
            + string.Join('\n', longLines));
    }

    /// <summary>What git tracks, so build output and generated files are never read.</summary>
    private static List<string> TrackedFiles(IEnumerable<string> pathspecs)
    {
        var git = new ProcessStartInfo("git") { WorkingDirectory = Topology.Root, RedirectStandardOutput = true };
        foreach (var argument in new[] { "ls-files", "-z", "--" }.Concat(pathspecs)) git.ArgumentList.Add(argument);
        using var process = Process.Start(git)!;
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        Assert.Equal(0, process.ExitCode);
        return output.Split('\0', StringSplitOptions.RemoveEmptyEntries).ToList();
    }
}
