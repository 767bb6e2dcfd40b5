using System.Reflection;
using ResumePair.PdfRenderer.Templates.Design;
using ResumePair.PdfRenderer.Templates.Shared;

namespace ResumePair.PdfRenderer.Templates;

/// <summary>
/// A template: its look (stylesheet, layout, defaults) over the shared resume and cover-letter markup, plus the
/// metadata the catalog lists. Adding a template means adding <c>Looks/{id}.css</c> and one descriptor.
/// </summary>
public sealed record TemplateDescriptor(string Id, string Name, string Description, TemplateLook Look)
{
    public IReadOnlyList<string> PageSizes { get; } = Templates.PageSizes.All;

    public IReadOnlyList<string> DocumentTypes { get; } =
    [Contracts.Documents.DocumentTypes.Resume, Contracts.Documents.DocumentTypes.CoverLetter];

    /// <summary>The shared stylesheet followed by the template's own.</summary>
    public string Css { get; } = Stylesheet("base") + "\n" + Stylesheet(Id);

    public bool HasPhotoSlot => Look.Photo != PhotoSlot.None;

    public Type? ComponentFor(string documentType) => documentType switch
    {
        Contracts.Documents.DocumentTypes.Resume => typeof(ResumeDocument),
        Contracts.Documents.DocumentTypes.CoverLetter => typeof(LetterDocument),
        _ => null,
    };

    private static string Stylesheet(string name)
    {
        using var stream = Assembly
            .GetExecutingAssembly()
            .GetManifestResourceStream($"ResumePair.PdfRenderer.Templates.Looks.{name}.css")
            ?? throw new InvalidOperationException($"Template stylesheet Looks/{name}.css is not embedded.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
