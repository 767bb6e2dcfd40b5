using System.Security;
using ResumePair.Contracts.Documents;
using Microsoft.Extensions.Options;

namespace ResumePair.PdfRenderer.Templates.Fonts;

/// <summary>
/// The only fonts Chromium may use: the files the project installs (Debian's fonts-liberation2, fonts-noto-core,
/// fonts-noto-cjk, fonts-droid-fallback, fonts-dejavu-core). They are linked into a private folder and Chromium gets a
/// fontconfig file (<c>FONTCONFIG_FILE</c>) that lists that folder and nothing else, so neither a family a template
/// names nor the per-character fallback for scripts Liberation lacks (Arabic, CJK, symbols) can resolve to whatever
/// else the host has installed. A missing package fails at startup.
/// <para>Why not @font-face data: URIs: the four Liberation faces alone are 2.2 MB of base64 per page, which made a
/// one-page render ~7x slower (1.1-1.4 s against 0.2 s median, measured on the loaded 2-core host); the CJK
/// collection would be 26 MB per page. Fontconfig loads each file once per browser.</para>
/// </summary>
public sealed class FontLibrary(IOptions<RendererOptions> options)
{
    /// <summary>
    /// The stack for a family of <see cref="DesignOptions.FontFamilies"/>: the family, then the script fallbacks. CJK
    /// falls back to Droid Sans Fallback first: its outlines are TrueType, which Skia embeds as a real CID font with
    /// a ToUnicode map; Noto CJK is CFF, which Skia can only embed as Type 3 (kept after it for the rare characters
    /// Droid lacks).
    /// </summary>
    public static string Stack(string family)
    {
        var serif = family.Contains("Serif", StringComparison.Ordinal);
        var tail = serif
            ? "\"Noto Sans Arabic\", \"Noto Sans Hebrew\", \"Droid Sans Fallback\", \"Noto Serif CJK JP\", "
                + "\"DejaVu Serif\", serif"
            : "\"Noto Sans Arabic\", \"Noto Sans Hebrew\", \"Droid Sans Fallback\", \"Noto Sans CJK JP\", "
                + "\"DejaVu Sans\", sans-serif";
        return $"\"{family}\", {tail}";
    }

    public static readonly string SansStack = Stack("Liberation Sans");
    public static readonly string SerifStack = Stack("Liberation Serif");

    /// <summary>Relative to <see cref="RendererOptions.FontDirectory"/>: four faces of every offered family, then
    /// fallbacks.</summary>
    public static readonly IReadOnlyList<string> Files =
    [
        .. Faces("truetype/liberation2/LiberationSans", "Regular", "Bold", "Italic", "BoldItalic"),
        .. Faces("truetype/liberation2/LiberationSerif", "Regular", "Bold", "Italic", "BoldItalic"),
        .. Faces("truetype/liberation2/LiberationMono", "Regular", "Bold", "Italic", "BoldItalic"),
        .. Faces("truetype/noto/NotoSans", "Regular", "Bold", "Italic", "BoldItalic"),
        .. Faces("truetype/noto/NotoSerif", "Regular", "Bold", "Italic", "BoldItalic"),
        .. Faces("truetype/noto/NotoSansDisplay", "Regular", "Bold", "Italic", "BoldItalic"),
        .. Faces("truetype/noto/NotoSerifDisplay", "Regular", "Bold", "Italic", "BoldItalic"),
        "truetype/noto/NotoSansArabic-Regular.ttf", "truetype/noto/NotoSansArabic-Bold.ttf",
        "truetype/noto/NotoSansHebrew-Regular.ttf", "truetype/noto/NotoSansHebrew-Bold.ttf",
        "truetype/droid/DroidSansFallbackFull.ttf",
        "opentype/noto/NotoSansCJK-Regular.ttc", "opentype/noto/NotoSansCJK-Bold.ttc",
        "opentype/noto/NotoSerifCJK-Regular.ttc", "opentype/noto/NotoSerifCJK-Bold.ttc",
        "truetype/dejavu/DejaVuSans.ttf", "truetype/dejavu/DejaVuSans-Bold.ttf",
        "truetype/dejavu/DejaVuSerif.ttf", "truetype/dejavu/DejaVuSerif-Bold.ttf",
    ];

    private static IEnumerable<string> Faces(string prefix, params string[] styles) =>
        styles.Select(s => $"{prefix}-{s}.ttf");

    /// <summary>Throws when a font package is missing, naming the file.</summary>
    public IReadOnlyList<string> VerifiedPaths()
    {
        var paths = Files.Select(f => Path.Combine(options.Value.FontDirectory, f)).ToList();
        foreach (var path in paths)
            if (!File.Exists(path))
                throw new FileNotFoundException(
                    $"Font file '{path}' is missing: scripts/install.sh installs fonts-liberation2, fonts-noto-core, "
                        + "fonts-noto-cjk, fonts-droid-fallback and fonts-dejavu-core.",
                    path
                );
        return paths;
    }

    /// <summary>Links the fonts into <paramref name="folder"/>/fonts and writes the fontconfig file Chromium is started
    /// with.</summary>
    public string WriteFontconfig(string folder)
    {
        var fonts = Path.Combine(folder, "fonts");
        Directory.CreateDirectory(fonts);
        foreach (var path in VerifiedPaths())
        {
            var link = Path.Combine(fonts, Path.GetFileName(path));
            if (!File.Exists(link)) File.CreateSymbolicLink(link, path);
        }
        static string X(string s) => SecurityElement.Escape(s);
        var config = Path.Combine(folder, "fonts.conf");
        File.WriteAllText(
            config,
            $"""
            <?xml version="1.0"?>
            <!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd">
            <!-- Generated by ResumePair.PdfRenderer: exactly the project's fonts, no system configuration included. -->
            <fontconfig>
              <dir>{X(fonts)}</dir>
              <cachedir>{X(Path.Combine(folder, "fontconfig-cache"))}</cachedir>
              <alias binding="same"><family>sans-serif</family>
                <prefer><family>Liberation Sans</family><family>DejaVu Sans</family></prefer></alias>
              <alias binding="same"><family>serif</family>
                <prefer><family>Liberation Serif</family><family>DejaVu Serif</family></prefer></alias>
              <alias binding="same"><family>monospace</family><prefer><family>DejaVu Sans</family></prefer></alias>
            </fontconfig>
            """
        );
        return config;
    }
}
