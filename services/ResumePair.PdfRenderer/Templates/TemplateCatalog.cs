using ResumePair.PdfRenderer.Templates.Design;
using static ResumePair.PdfRenderer.Templates.Design.TemplateLook;

namespace ResumePair.PdfRenderer.Templates;

public interface ITemplateCatalog
{
    IReadOnlyList<TemplateDescriptor> All { get; }
    TemplateDescriptor? Find(string id);
}

/// <summary>The templates this build ships. Ids are stable: jobs and saved documents refer to them.</summary>
public sealed class TemplateCatalog : ITemplateCatalog
{
    private readonly Dictionary<string, TemplateDescriptor> _byId;

    public TemplateCatalog(IEnumerable<TemplateDescriptor> templates)
    {
        All = [.. templates.OrderBy(t => t.Name, StringComparer.Ordinal)];
        _byId = All.ToDictionary(t => t.Id, StringComparer.OrdinalIgnoreCase); // duplicate ids fail at startup
    }

    public IReadOnlyList<TemplateDescriptor> All { get; }

    public TemplateDescriptor? Find(string id) => _byId.GetValueOrDefault(id);

    private const string Normal = "14mm 15mm 16mm";

    public static IEnumerable<TemplateDescriptor> BuiltIn()
    {
        yield return new(
            "ats-single-column",
            "ATS-friendly single column",
            "One column of plain text in reading order with standard headings, "
                + "so applicant tracking systems parse every section. Sans-serif, compact, no graphics.",
            new(
                PageLayout.Single,
                PhotoSlot.None,
                new("#333333", "Liberation Sans", 10, 1.35, Normal),
                DefaultOrder,
                DefaultTitles
            )
        );
        yield return new(
            "modern-sidebar",
            "Modern two column",
            "A tinted sidebar with photo, contact details, skill meters, "
                + "languages and certifications beside the experience column, "
                + "which runs full width once the sidebar ends. Teal accents.",
            new(
                PageLayout.Sidebar,
                PhotoSlot.Round,
                new("#1f5f7a", "Liberation Sans", 9.6, 1.4, "13mm 13mm 16mm"),
                DefaultOrder,
                TitlesWith(("summary", "Profile"))
            )
        );
        yield return new(
            "compact",
            "Compact, one page first",
            "Small type, tight margins and section labels in a left gutter, so a full career fits on page one. "
                + "Optional small photo in the header band.",
            new(
                PageLayout.Single,
                PhotoSlot.Square,
                new("#8a2d1c", "Liberation Sans", 8.8, 1.3, "10mm 12mm 14mm"),
                [
                    "summary",
                    "skills",
                    "work",
                    "projects",
                    "education",
                    "certifications",
                    "languages",
                    "volunteer",
                    "awards",
                    "publications",
                    "interests",
                    "references",
                    "custom",
                ],
                DefaultTitles
            )
        );
        yield return new(
            "classic-serif",
            "Classic serif",
            "A typeset look: Liberation Serif, centred letterhead, capital section titles between hairlines, "
                + "italic roles and dates.",
            new(
                PageLayout.Single,
                PhotoSlot.None,
                new("#222222", "Liberation Serif", 10.8, 1.38, "18mm 20mm 18mm"),
                [
                    "summary",
                    "work",
                    "education",
                    "projects",
                    "skills",
                    "certifications",
                    "languages",
                    "volunteer",
                    "awards",
                    "publications",
                    "interests",
                    "references",
                    "custom",
                ],
                TitlesWith(
                    ("summary", "Profile"),
                    ("work", "Professional Experience"),
                    ("projects", "Selected Projects")
                )
            )
        );
        yield return new(
            "executive",
            "Executive",
            "Noto Serif with a strong navy rule under a left-aligned name; dates in a quiet right column. "
                + "For senior roles where restraint reads as confidence.",
            new(
                PageLayout.Single,
                PhotoSlot.None,
                new("#1b3a5c", "Noto Serif", 10.4, 1.4, "16mm 18mm 17mm"),
                DefaultOrder,
                TitlesWith(("summary", "Executive Profile"), ("work", "Leadership Experience"))
            )
        );
        yield return new(
            "timeline",
            "Timeline",
            "Dates in a left column joined by a thin accent line, roles to their right: a career read at a glance. "
                + "Noto Sans, green accents.",
            new(
                PageLayout.Single,
                PhotoSlot.Round,
                new("#2e7d4f", "Noto Sans", 9.6, 1.4, Normal),
                DefaultOrder,
                DefaultTitles
            )
        );
        yield return new(
            "banner",
            "Banner",
            "A full-width colour band carries the name and contact details; "
                + "sections below in one clean column with accent headings.",
            new(
                PageLayout.Single,
                PhotoSlot.Round,
                new("#5b3f8c", "Noto Sans Display", 9.8, 1.4, "12mm 15mm 16mm"),
                DefaultOrder,
                DefaultTitles
            )
        );
        yield return new(
            "minimal",
            "Minimal",
            "Generous white space, light headings and no rules or colour blocks: the content carries the page.",
            new(
                PageLayout.Single,
                PhotoSlot.None,
                new("#555555", "Noto Sans", 9.8, 1.5, "18mm 20mm 18mm"),
                DefaultOrder,
                DefaultTitles
            )
        );
        yield return new(
            "academic",
            "Academic CV",
            "A centred serif letterhead and numbered-feeling sections in Liberation Serif: education first, "
                + "for research and teaching posts.",
            new(
                PageLayout.Single,
                PhotoSlot.None,
                new("#7a1f2b", "Liberation Serif", 11, 1.35, "20mm 22mm 20mm"),
                [
                    "summary",
                    "education",
                    "work",
                    "projects",
                    "publications",
                    "awards",
                    "custom",
                    "certifications",
                    "skills",
                    "languages",
                    "volunteer",
                    "interests",
                    "references",
                ],
                TitlesWith(
                    ("summary", "Research Interests"),
                    ("work", "Appointments"),
                    ("projects", "Research Projects"),
                    ("certifications", "Awards"),
                    ("awards", "Honours")
                )
            )
        );
        yield return new(
            "elegant",
            "Elegant",
            "Noto Serif Display headings in a left gutter with hairline rules and a small round photo: a refined, "
                + "airy page.",
            new(
                PageLayout.Single,
                PhotoSlot.Round,
                new("#8c6d3f", "Noto Serif Display", 10.2, 1.45, "16mm 18mm 17mm"),
                DefaultOrder,
                DefaultTitles
            )
        );
        yield return new(
            "technical",
            "Technical",
            "Monospaced headings, skills as tags and a dense single column: "
                + "made for engineers whose stack is the headline.",
            new(
                PageLayout.Single,
                PhotoSlot.None,
                new("#0f6e8c", "Noto Sans", 9.4, 1.38, "12mm 14mm 15mm"),
                [
                    "summary",
                    "skills",
                    "work",
                    "projects",
                    "education",
                    "certifications",
                    "languages",
                    "volunteer",
                    "awards",
                    "publications",
                    "interests",
                    "references",
                    "custom",
                ],
                TitlesWith(("summary", "About"), ("skills", "Stack"))
            )
        );
        yield return new(
            "bold-sidebar",
            "Bold sidebar",
            "A deep-coloured sidebar with a square photo, contact and skills in white beside the main column, "
                + "which runs full width after it.",
            new(
                PageLayout.Sidebar,
                PhotoSlot.Square,
                new("#23395d", "Liberation Sans", 9.6, 1.4, "12mm 13mm 16mm"),
                DefaultOrder,
                TitlesWith(("summary", "Profile"))
            )
        );
    }
}
