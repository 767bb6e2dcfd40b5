using ResumePair.PdfRenderer.Templates.AtsSingleColumn;
using ResumePair.PdfRenderer.Templates.ClassicSerif;
using ResumePair.PdfRenderer.Templates.Compact;
using ResumePair.PdfRenderer.Templates.ModernSidebar;

namespace ResumePair.PdfRenderer.Templates;

public interface ITemplateCatalog
{
    IReadOnlyList<TemplateDescriptor> All { get; }
    TemplateDescriptor? Find(string id);
}

/// <summary>The templates this build ships. Ids are stable: jobs and saved preferences refer to them.</summary>
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

    public static IEnumerable<TemplateDescriptor> BuiltIn()
    {
        yield return TemplateDescriptor.Create<AtsResume, AtsCoverLetter>(
            "ats-single-column",
            "ATS-friendly single column",
            "One column of plain text in reading order with standard headings, so applicant tracking systems parse every section. Sans-serif, compact, no graphics.");
        yield return TemplateDescriptor.Create<ModernResume, ModernCoverLetter>(
            "modern-sidebar",
            "Modern two column",
            "A tinted sidebar with photo, contact details, skill meters, languages and certifications beside the experience column. Teal accents; the main column is first in reading order.");
        yield return TemplateDescriptor.Create<CompactResume, CompactCoverLetter>(
            "compact",
            "Compact, one page first",
            "Small type, tight margins and section labels in a left gutter, so a full career fits on page one. Optional small photo in the header band.");
        yield return TemplateDescriptor.Create<ClassicResume, ClassicCoverLetter>(
            "classic-serif",
            "Classic serif",
            "A typeset look: Liberation Serif, centred letterhead, small-capital section titles between hairlines, italic roles and dates.");
    }
}
