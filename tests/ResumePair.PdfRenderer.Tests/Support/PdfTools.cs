using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace ResumePair.PdfRenderer.Tests.Support;

/// <summary>Reads PDFs with poppler-utils, an independent implementation from the one that wrote them.</summary>
public static partial class PdfTools
{
    public static async Task<string> ToTextAsync(byte[] pdf)
    {
        var path = Path.Combine(Path.GetTempPath(), $"resumepair-test-{Guid.NewGuid():N}.pdf");
        await File.WriteAllBytesAsync(path, pdf);
        try
        {
            return await RunAsync("pdftotext", "-layout", path, "-");
        }
        finally
        {
            File.Delete(path);
        }
    }

    public static async Task<int> PageCountAsync(byte[] pdf)
    {
        var path = Path.Combine(Path.GetTempPath(), $"resumepair-test-{Guid.NewGuid():N}.pdf");
        await File.WriteAllBytesAsync(path, pdf);
        try
        {
            var info = await RunAsync("pdfinfo", path);
            return int.Parse(PagesLine().Match(info).Groups[1].Value, CultureInfo.InvariantCulture);
        }
        finally
        {
            File.Delete(path);
        }
    }

    /// <summary>Width and height of the first page's MediaBox, in points.</summary>
    public static (double Width, double Height) MediaBox(byte[] pdf)
    {
        var m = MediaBoxPattern().Match(Encoding.Latin1.GetString(pdf));
        Assert.True(m.Success, "no /MediaBox in the PDF");
        double N(int i) => double.Parse(m.Groups[i].Value, CultureInfo.InvariantCulture);
        return (N(3) - N(1), N(4) - N(2));
    }

    private static async Task<string> RunAsync(string tool, params string[] args)
    {
        var psi = new ProcessStartInfo(tool) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args) psi.ArgumentList.Add(a);
        using var process = Process.Start(psi)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, $"{tool} failed: {await error}");
        return await output;
    }

    [GeneratedRegex(@"Pages:\s+(\d+)")]
    private static partial Regex PagesLine();

    [GeneratedRegex(@"/MediaBox\s*\[\s*([-\d.]+)\s+([-\d.]+)\s+([-\d.]+)\s+([-\d.]+)\s*\]")]
    private static partial Regex MediaBoxPattern();
}

/// <summary>More poppler readers: raw-order text per page, fonts and document info.</summary>
public static class PdfProbe
{
    public static async Task<string> RunOnPdfAsync(byte[] pdf, string tool, params string[] args)
    {
        var path = Path.Combine(Path.GetTempPath(), $"resumepair-test-{Guid.NewGuid():N}.pdf");
        await File.WriteAllBytesAsync(path, pdf);
        try
        {
            var psi = new System.Diagnostics.ProcessStartInfo(tool)
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            foreach (var a in args) psi.ArgumentList.Add(a == "{pdf}" ? path : a);
            using var process = System.Diagnostics.Process.Start(psi)!;
            var output = process.StandardOutput.ReadToEndAsync();
            var error = process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync();
            Assert.True(process.ExitCode == 0, $"{tool} failed: {await error}");
            return await output;
        }
        finally
        {
            File.Delete(path);
        }
    }

    /// <summary>Text of one page (1-based) in content-stream order (<c>-raw</c>): the order the PDF itself gives, which
    /// is what a parser that does not reconstruct columns reads.</summary>
    public static Task<string> PageTextAsync(byte[] pdf, int page) =>
        RunOnPdfAsync(pdf, "pdftotext", "-raw", "-f", page.ToString(), "-l", page.ToString(), "{pdf}", "-");

    public static Task<string> TextAsync(byte[] pdf) => RunOnPdfAsync(pdf, "pdftotext", "-raw", "{pdf}", "-");

    /// <summary>pdffonts rows: (name, type, embedded).</summary>
    public static async Task<List<(string Name, string Type, bool Embedded)>> FontsAsync(byte[] pdf)
    {
        var output = await RunOnPdfAsync(pdf, "pdffonts", "{pdf}");
        return output.Split('\n').Skip(2).Where(l => l.Length > 60).Select(l =>
        {
            var name = l[..37].Trim();
            var type = l[37..55].Trim();
            var rest = l[72..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
            return (name, type, rest[0] == "yes");
        }).ToList();
    }

    public static async Task<Dictionary<string, string>> InfoAsync(byte[] pdf) =>
        (await RunOnPdfAsync(pdf, "pdfinfo", "{pdf}")).Split('\n').Where(l => l.Contains(':'))
            .ToDictionary(l => l[..l.IndexOf(':')].Trim(), l => l[(l.IndexOf(':') + 1)..].Trim());
}
