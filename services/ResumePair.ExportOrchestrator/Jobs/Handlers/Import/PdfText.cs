using System.ComponentModel;
using System.Diagnostics;
using ResumePair.ExportOrchestrator.Jobs.Engine;

namespace ResumePair.ExportOrchestrator.Jobs.Handlers.Import;

/// <summary>
/// A PDF's selectable text by poppler's <c>pdftotext -layout - -</c> (Debian's poppler-utils, installed by
/// scripts/install.sh): the file goes in on stdin and the text comes out on stdout, so nothing touches the disk.
/// <c>-layout</c> keeps two-column resumes in reading order line by line.
/// </summary>
public static class PdfText
{
    public static async Task<string> ExtractAsync(byte[] pdf, CancellationToken ct)
    {
        var psi = new ProcessStartInfo("pdftotext")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[] { "-layout", "-enc", "UTF-8", "-", "-" }) psi.ArgumentList.Add(arg);

        Process process;
        try
        {
            process = Process.Start(psi) ?? throw new InvalidOperationException("pdftotext did not start.");
        }
        catch (Win32Exception e)
        {
            // A machine set up without poppler-utils: not the user's fault, and another replica may have it (retryable).
            throw new InvalidOperationException("pdftotext (Debian package poppler-utils) is not installed on this machine.", e);
        }

        using (process)
        {
            try
            {
                // Stdin, stdout and stderr at once: a large file would otherwise fill a pipe and deadlock.
                var output = process.StandardOutput.ReadToEndAsync(ct);
                var errors = process.StandardError.ReadToEndAsync(ct);
                try
                {
                    await process.StandardInput.BaseStream.WriteAsync(pdf, ct);
                    process.StandardInput.Close();
                }
                catch (IOException)
                {
                    // pdftotext stops reading early on a file it cannot parse; its exit code says why.
                }
                var text = await output;
                var stderr = await errors;
                await process.WaitForExitAsync(ct);
                if (process.ExitCode != 0)
                    throw new PermanentJobException($"The PDF could not be read ({FirstLine(stderr)}). Export it again as PDF, upload a DOCX, or paste the text instead.");
                return text;
            }
            catch (OperationCanceledException)
            {
                if (!process.HasExited) process.Kill(entireProcessTree: true);
                throw;
            }
        }
    }

    private static string FirstLine(string text) =>
        text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault() ?? "pdftotext failed";
}
