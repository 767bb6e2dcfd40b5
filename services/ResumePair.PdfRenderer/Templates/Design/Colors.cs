using System.Globalization;

namespace ResumePair.PdfRenderer.Templates.Design;

/// <summary>sRGB arithmetic for accent colours: WCAG 2.x contrast ratios and mixing.</summary>
public static class Colors
{
    public static (double R, double G, double B) Parse(string hex) =>
        (Channel(hex, 1), Channel(hex, 3), Channel(hex, 5));

    private static double Channel(string hex, int at) =>
        int.Parse(hex.AsSpan(at, 2), NumberStyles.HexNumber, CultureInfo.InvariantCulture) / 255.0;

    public static string ToHex((double R, double G, double B) c) =>
        string.Create(CultureInfo.InvariantCulture, $"#{Byte(c.R):x2}{Byte(c.G):x2}{Byte(c.B):x2}");

    private static int Byte(double v) => (int)Math.Round(Math.Clamp(v, 0, 1) * 255);

    /// <summary>WCAG relative luminance.</summary>
    public static double Luminance(string hex)
    {
        static double Lin(double c) => c <= 0.04045 ? c / 12.92 : Math.Pow((c + 0.055) / 1.055, 2.4);
        var (r, g, b) = Parse(hex);
        return 0.2126 * Lin(r) + 0.7152 * Lin(g) + 0.0722 * Lin(b);
    }

    public static double Contrast(string a, string b)
    {
        var (la, lb) = (Luminance(a), Luminance(b));
        return (Math.Max(la, lb) + 0.05) / (Math.Min(la, lb) + 0.05);
    }

    /// <summary><paramref name="weight"/> of <paramref name="other"/> mixed into <paramref name="hex"/>.</summary>
    public static string Mix(string hex, string other, double weight)
    {
        var (a, b) = (Parse(hex), Parse(other));
        return ToHex((a.R + (b.R - a.R) * weight, a.G + (b.G - a.G) * weight, a.B + (b.B - a.B) * weight));
    }

    /// <summary>The colour mixed with black in small steps until it reaches <paramref name="ratio"/> against
    /// white.</summary>
    public static string WithContrast(string hex, double ratio)
    {
        var c = hex;
        for (var i = 1; Contrast(c, "#ffffff") < ratio && i <= 20; i++) c = Mix(hex, "#000000", i * 0.05);
        return c;
    }
}
