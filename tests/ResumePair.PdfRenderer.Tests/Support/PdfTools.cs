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
