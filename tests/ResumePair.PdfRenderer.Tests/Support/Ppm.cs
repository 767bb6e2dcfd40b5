namespace ResumePair.PdfRenderer.Tests.Support;

/// <summary>A PDF page as pixels, rasterised by poppler's pdftoppm (binary PPM: a text header, then RGB
/// bytes).</summary>
public static class Ppm
{
    public static async Task<List<(int R, int G, int B)>> FirstPageAsync(byte[] pdf, int dpi)
    {
        var path = Path.Combine(Path.GetTempPath(), $"resumepair-test-{Guid.NewGuid():N}");
        try
        {
            await PdfProbe.RunOnPdfAsync(
                pdf,
                "pdftoppm",
                "-r",
                dpi.ToString(System.Globalization.CultureInfo.InvariantCulture),
                "-f",
                "1",
                "-l",
                "1",
                "-singlefile",
                "{pdf}",
                path
            );
            return Read(await File.ReadAllBytesAsync(path + ".ppm"));
        }
        finally
        {
            File.Delete(path + ".ppm");
        }
    }

    public static List<(int R, int G, int B)> Read(byte[] ppm)
    {
        // "P6\n<width> <height>\n255\n": three whitespace-separated numbers after the magic.
        var at = 2;
        int Next()
        {
            while (char.IsWhiteSpace((char)ppm[at])) at++;
            var start = at;
            while (!char.IsWhiteSpace((char)ppm[at])) at++;
            return int.Parse(
                System.Text.Encoding.ASCII.GetString(ppm, start, at - start),
                System.Globalization.CultureInfo.InvariantCulture
            );
        }
        var (width, height, _) = (Next(), Next(), Next());
        at++;
        var pixels = new List<(int, int, int)>(width * height);
        for (var i = at; i + 2 < ppm.Length; i += 3) pixels.Add((ppm[i], ppm[i + 1], ppm[i + 2]));
        return pixels;
    }
}
