using System.Globalization;
using ResumePair.Contracts.Documents;

namespace ResumePair.PdfRenderer.Templates.Design;

/// <summary>
/// The document's design settings laid over its template's defaults: the values the markup and the stylesheet use.
/// Anything the document leaves out, or gives a value the renderer cannot honour, takes the template's default, so an
/// old or odd document still prints.
/// </summary>
public sealed class ResolvedDesign
{
    private readonly IReadOnlyDictionary<string, string> _titles;
    private readonly string _dateFormat;

    public ResolvedDesign(TemplateLook look, DesignSettings? settings)
    {
        var s = settings ?? new DesignSettings();
        Accent =
            s.AccentColor is { } a && Contracts.Documents.Validation.FieldFormats.IsHexColor(a)
                ? a.ToLowerInvariant()
                : look.Defaults.Accent;
        AccentText = Colors.WithContrast(Accent, 4.5);
        AccentSoft = Colors.Mix(Accent, "#ffffff", 0.9);
        var family = s.FontFamily is { } f && DesignOptions.FontFamilies.Contains(f) ? f : look.Defaults.Font;
        FontStack = Fonts.FontLibrary.Stack(family);
        FontSize = Clamp(s.FontSize, DesignOptions.MinFontSize, DesignOptions.MaxFontSize) ?? look.Defaults.FontSize;
        LineHeight = Clamp(s.LineHeight, DesignOptions.MinLineHeight, DesignOptions.MaxLineHeight)
            ?? look.Defaults.LineHeight;
        Margin = s.Margins switch
        {
            "narrow" => "10mm 11mm 14mm",
            "wide" => "22mm 24mm 22mm",
            _ => look.Defaults.Margin,
        };
        _dateFormat = s.DateFormat ?? "short";
        Columns = look.Layout == PageLayout.Sidebar && s.Columns != 1 ? 2 : 1;

        var hidden = new HashSet<string>(s.HiddenSections ?? []);
        var order = (s.SectionOrder ?? []).Where(look.SectionOrder.Contains).Concat(look.SectionOrder).Distinct()
            .Where(k => !hidden.Contains(k)).ToList();
        var side = Columns == 2 ? look.SidebarSections : [];
        Main = [.. order.Where(k => !side.Contains(k))];
        Side = [.. order.Where(side.Contains)];
        var titles = new Dictionary<string, string>(look.Titles);
        foreach (var (key, title) in s.SectionTitles ?? new Dictionary<string, string>())
            if (!string.IsNullOrWhiteSpace(title)) titles[key] = title.Trim();
        _titles = titles;
    }

    public string Accent { get; }

    /// <summary>The accent darkened until text in it reads at 4.5:1 on white (WCAG AA); unchanged when it already
    /// does.</summary>
    public string AccentText { get; }
    /// <summary>A pale tint of the accent for backgrounds (sidebars, bands).</summary>
    public string AccentSoft { get; }
    public string FontStack { get; }
    public double FontSize { get; }
    public double LineHeight { get; }
    public string Margin { get; }
    public int Columns { get; }
    /// <summary>Sections of the main column, in print order (hidden ones left out).</summary>
    public IReadOnlyList<string> Main { get; }
    /// <summary>Sections of the sidebar (two-column templates only), in print order.</summary>
    public IReadOnlyList<string> Side { get; }

    public string Title(string key) => _titles.GetValueOrDefault(key) ?? key;

    /// <summary>The CSS custom properties every stylesheet reads.</summary>
    public string CssVariables =>
        string.Create(
            CultureInfo.InvariantCulture,
            $":root {{ --accent: {Accent}; --accent-text: {AccentText}; --accent-soft: {AccentSoft}; --font: "
                + $"{FontStack}; "
                + $"--size: {FontSize:0.##}pt; --leading: {LineHeight:0.##}; }}"
        );

    /// <summary>"2021-03" in the chosen format; years and free text stay as written.</summary>
    public string? Date(string? value)
    {
        if (string.IsNullOrWhiteSpace(value)) return null;
        var v = value.Trim();
        if (
            !DateTime.TryParseExact(
                v,
                ["yyyy-MM-dd", "yyyy-MM", "yyyy"],
                CultureInfo.InvariantCulture,
                DateTimeStyles.None,
                out var d
            )
            || v.Length == 4
        )
            return v;
        return _dateFormat switch
        {
            "long" => d.ToString("MMMM yyyy", CultureInfo.InvariantCulture),
            "numeric" => d.ToString("MM/yyyy", CultureInfo.InvariantCulture),
            "iso" => d.ToString("yyyy-MM", CultureInfo.InvariantCulture),
            "year" => d.ToString("yyyy", CultureInfo.InvariantCulture),
            _ => d.ToString("MMM yyyy", CultureInfo.InvariantCulture),
        };
    }

    public string? Range(string? start, string? end, bool current = false)
    {
        var from = Date(start);
        var to = current ? "Present" : Date(end);
        return (from, to) switch
        {
            (null, null) => null,
            (null, _) => to,
            (_, null) => from,
            _ when from == to => from,
            _ => $"{from} – {to}",
        };
    }

    private static double? Clamp(double? value, double min, double max) =>
        value is { } v && !double.IsNaN(v) ? Math.Clamp(v, min, max) : null;
}
