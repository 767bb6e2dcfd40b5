using System.Diagnostics;

namespace ResumePair.EndToEndTests;

/// <summary>Text of a PDF as an ATS would read it: poppler's pdftotext, in reading order.</summary>
public static class PdfText
{
    public static async Task<string> ExtractAsync(byte[] pdf)
    {
        var path = Path.Combine(Path.GetTempPath(), $"resumepair-{Guid.NewGuid():N}.pdf");
        await File.WriteAllBytesAsync(path, pdf);
        try
        {
            var psi = new ProcessStartInfo("pdftotext") { RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (var arg in new[] { "-layout", path, "-" }) psi.ArgumentList.Add(arg);
            using var process = Process.Start(psi)!;
            var text = await process.StandardOutput.ReadToEndAsync();
            await process.WaitForExitAsync();
            if (process.ExitCode != 0)
                throw new InvalidOperationException(
                    "pdftotext failed: " + await process.StandardError.ReadToEndAsync()
                );
            return text;
        }
        finally
        {
            File.Delete(path);
        }
    }
}
