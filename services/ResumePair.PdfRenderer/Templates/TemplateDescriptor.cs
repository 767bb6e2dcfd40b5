using Microsoft.AspNetCore.Components;

namespace ResumePair.PdfRenderer.Templates;

/// <summary>
/// A template is a pair of Razor components (resume, cover letter — either may be absent) plus the
/// metadata the catalog lists. Adding a template means adding its components and one descriptor.
/// </summary>
public sealed record TemplateDescriptor(
    string Id,
    string Name,
    string Description,
    IReadOnlyList<string> PageSizes,
    Type? ResumeComponent,
    Type? CoverLetterComponent)
{
    public IReadOnlyList<string> DocumentTypes { get; } =
        [.. new[] { (ResumeComponent, Contracts.Documents.DocumentTypes.Resume), (CoverLetterComponent, Contracts.Documents.DocumentTypes.CoverLetter) }
            .Where(p => p.Item1 is not null).Select(p => p.Item2)];

    public Type? ComponentFor(string documentType) => documentType switch
    {
        Contracts.Documents.DocumentTypes.Resume => ResumeComponent,
        Contracts.Documents.DocumentTypes.CoverLetter => CoverLetterComponent,
        _ => null,
    };

    public static TemplateDescriptor Create<TResume, TCoverLetter>(string id, string name, string description)
        where TResume : IComponent where TCoverLetter : IComponent =>
        new(id, name, description, Templates.PageSizes.All, typeof(TResume), typeof(TCoverLetter));
}
