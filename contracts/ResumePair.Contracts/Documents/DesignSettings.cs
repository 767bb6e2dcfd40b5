namespace ResumePair.Contracts.Documents;

/// <summary>
/// How one document looks, stored with it (<c>data.design</c>) so the preview and every export print the same thing.
/// Every field is optional: an absent one takes the template's default, so documents saved before design settings
/// existed print as they always did. Allowed values are in <see cref="DesignOptions"/>.
/// </summary>
public sealed record DesignSettings
{
    /// <summary>Id of the template (<see cref="DesignOptions.Templates"/>).</summary>
    public string? Template { get; init; }
    /// <summary>A4 or Letter.</summary>
    public string? PageSize { get; init; }

    /// <summary><c>#rrggbb</c>. Text drawn in it is darkened to 4.5:1 against white when it is lighter than
    /// that.</summary>
    public string? AccentColor { get; init; }
    public string? FontFamily { get; init; }
    /// <summary>Body text size in points.</summary>
    public double? FontSize { get; init; }
    /// <summary>Line height as a multiple of the font size.</summary>
    public double? LineHeight { get; init; }
    /// <summary>narrow, normal or wide page margins.</summary>
    public string? Margins { get; init; }
    /// <summary>How month-and-year dates print (<see cref="DesignOptions.DateFormats"/>).</summary>
    public string? DateFormat { get; init; }

    /// <summary>Resume section keys (<see cref="DesignOptions.Sections"/>) in print order; sections not listed follow
    /// in the template's order.</summary>
    public IReadOnlyList<string>? SectionOrder { get; init; }
    public IReadOnlyList<string>? HiddenSections { get; init; }
    /// <summary>Section key → the heading printed instead of the template's.</summary>
    public IReadOnlyDictionary<string, string>? SectionTitles { get; init; }
    /// <summary>1 or 2; two only where the template has a sidebar.</summary>
    public int? Columns { get; init; }
}

/// <summary>The values <see cref="DesignSettings"/> may take; the renderer's catalog and fonts are tested against
/// them.</summary>
public static class DesignOptions
{
    public static readonly IReadOnlyList<string> Templates =
    [
        "ats-single-column", "modern-sidebar", "compact", "classic-serif", "executive", "timeline",
        "banner", "minimal", "academic", "elegant", "technical", "bold-sidebar",
    ];

    public static readonly IReadOnlyList<string> PageSizes = ["A4", "Letter"];

    /// <summary>Families of the font packages the project installs, each with regular, bold and italic faces.</summary>
    public static readonly IReadOnlyList<string> FontFamilies =
    [
        "Liberation Sans", "Liberation Serif", "Noto Sans", "Noto Serif", "Noto Sans Display", "Noto Serif Display",
        "Liberation Mono",
    ];

    public static readonly IReadOnlyList<string> Margins = ["narrow", "normal", "wide"];

    /// <summary>short = Mar 2021, long = March 2021, numeric = 03/2021, iso = 2021-03, year = 2021.</summary>
    public static readonly IReadOnlyList<string> DateFormats = ["short", "long", "numeric", "iso", "year"];

    public static readonly IReadOnlyList<string> Sections =
        ["summary", "work", "education", "skills", "projects", "certifications", "languages", "volunteer", "awards",
         "publications", "interests", "references", "custom"];

    public const double MinFontSize = 8, MaxFontSize = 14;
    public const double MinLineHeight = 1.0, MaxLineHeight = 2.0;
    public const int MaxSectionTitle = 60;
}
