using ResumePair.PdfRenderer.Templates.AtsSingleColumn;

namespace ResumePair.PdfRenderer.Templates;

public interface ITemplateCatalog
{
    IReadOnlyList<TemplateDescriptor> All { get; }
    TemplateDescriptor? Find(string id);
}

/// <summary>The templates this build ships. Ids are stable: jobs and saved preferences refer to them.</summary>
public sealed class TemplateCatalog(IEnumerable<TemplateDescriptor> templates) : ITemplateCatalog
{
    private readonly Dictionary<string, TemplateDescriptor> _byId = templates.ToDictionary(t => t.Id, StringComparer.OrdinalIgnoreCase);

    public IReadOnlyList<TemplateDescriptor> All { get; } = [.. templates.OrderBy(t => t.Name, StringComparer.Ordinal)];

    public TemplateDescriptor? Find(string id) => _byId.GetValueOrDefault(id);

    public static IEnumerable<TemplateDescriptor> BuiltIn()
    {
        yield return TemplateDescriptor.Create<AtsResume, AtsCoverLetter>(
            "ats-single-column",
            "ATS-friendly single column",
            "One column of plain text in reading order with standard headings, so applicant tracking systems parse every section. Sans-serif, compact, no graphics.");
    }
}
