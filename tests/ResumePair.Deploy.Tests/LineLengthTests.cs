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

    [Fact]
    public void Every_tracked_cs_line_is_within_120_columns()
    {
        var files = TrackedFiles("*.cs");
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
    private static List<string> TrackedFiles(string pathspec)
    {
        var git = new ProcessStartInfo("git") { WorkingDirectory = Topology.Root, RedirectStandardOutput = true };
        foreach (var argument in new[] { "ls-files", "-z", "--", pathspec }) git.ArgumentList.Add(argument);
        using var process = Process.Start(git)!;
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        Assert.Equal(0, process.ExitCode);
        return output.Split('\0', StringSplitOptions.RemoveEmptyEntries).ToList();
    }
}
