namespace ResumePair.PdfRenderer.Templates.Design;

/// <summary>Where the sections go: one column, or a sidebar floated left of the main column.</summary>
public enum PageLayout { Single, Sidebar }

/// <summary>Whether and how a template prints the profile photo.</summary>
public enum PhotoSlot { None, Round, Square }

/// <summary>
/// What makes a template itself: its stylesheet (<c>Looks/{Id}.css</c>, over the shared <c>Looks/base.css</c>), its
/// layout, photo slot, default design and the headings it prints. Every template shares the same semantic markup
/// (<c>Shared/ResumeDocument.razor</c>), so text order, links and page-break rules are the same everywhere.
/// </summary>
public sealed record TemplateLook(
    PageLayout Layout,
    PhotoSlot Photo,
    TemplateDefaults Defaults,
    IReadOnlyList<string> SectionOrder,
    IReadOnlyDictionary<string, string> Titles)
{
    /// <summary>Sections a sidebar template prints beside the main column (in two-column mode).</summary>
    public IReadOnlyList<string> SidebarSections { get; init; } = ["skills", "languages", "certifications"];

    public static readonly IReadOnlyList<string> DefaultOrder =
        ["summary", "work", "projects", "education", "volunteer", "skills", "certifications", "awards", "publications",
         "languages", "interests", "references", "custom"];

    public static readonly IReadOnlyDictionary<string, string> DefaultTitles = new Dictionary<string, string>
    {
        ["summary"] = "Summary",
        ["work"] = "Experience",
        ["education"] = "Education",
        ["skills"] = "Skills",
        ["projects"] = "Projects",
        ["certifications"] = "Certifications",
        ["languages"] = "Languages",
        ["contact"] = "Contact",
        ["volunteer"] = "Volunteering",
        ["awards"] = "Awards",
        ["publications"] = "Publications",
        ["interests"] = "Interests",
        ["references"] = "References",
    };

    public static IReadOnlyDictionary<string, string> TitlesWith(params (string Key, string Title)[] changes)
    {
        var titles = new Dictionary<string, string>(DefaultTitles);
        foreach (var (key, title) in changes) titles[key] = title;
        return titles;
    }
}

/// <summary>A template's design when the document says nothing. Margins are the CSS <c>@page</c> margin of
/// "normal".</summary>
public sealed record TemplateDefaults(string Accent, string Font, double FontSize, double LineHeight, string Margin);
