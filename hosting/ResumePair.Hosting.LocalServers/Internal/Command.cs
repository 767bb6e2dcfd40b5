using System.Diagnostics;
using System.Text;

namespace ResumePair.Hosting.LocalServers.Internal;

/// <summary>Runs a short set-up tool (initdb, chown) to completion, keeping its output for the error.</summary>
internal static class Command
{
    public static async Task RunCheckedAsync(string file, IEnumerable<string> args, CancellationToken ct)
    {
        var start = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in args) start.ArgumentList.Add(arg);
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {file}");
        var output = new StringBuilder();
        var stdout = process.StandardOutput.ReadToEndAsync(ct);
        var stderr = process.StandardError.ReadToEndAsync(ct);
        try
        {
            await process.WaitForExitAsync(ct).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }
        output.Append(await stdout.ConfigureAwait(false)).Append(await stderr.ConfigureAwait(false));
        if (process.ExitCode != 0)
            throw new InvalidOperationException(
                $"{Path.GetFileName(file)} {string.Join(' ', args)} exited with {process.ExitCode}:\n{output}");
    }
}
