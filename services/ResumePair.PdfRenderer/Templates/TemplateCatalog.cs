using ResumePair.PdfRenderer.Templates.AtsSingleColumn;

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
    }
}
