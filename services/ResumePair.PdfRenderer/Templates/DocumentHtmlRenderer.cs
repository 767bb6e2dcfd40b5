using System.Text.Json;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.Extensions.Options;
using ResumePair.Contracts.Documents;
using ResumePair.PdfRenderer.Rendering;
using ResumePair.PdfRenderer.Templates.Design;

namespace ResumePair.PdfRenderer.Templates;

/// <summary>What to render: a document snapshot, the template and paper, and an optional photo (data: URI
/// material).</summary>
public sealed record RenderRequest(
    string TemplateId,
    string DocumentType,
    string Title,
    JsonElement Data,
    string? PageSize,
    Photo? Photo = null
);

/// <summary>What a template is asked to render: the parsed document plus presentation choices.</summary>
public sealed record TemplateInput(string Title, string PageSize, ResumeData? Resume, CoverLetterData? CoverLetter,
    TemplateLook Look, ResolvedDesign Design, string Css)
{
    /// <summary>A validated image as a data: URI, or null.</summary>
    public string? PhotoDataUri { get; init; }
    /// <summary>The person the document belongs to: PDF author, running footer.</summary>
    public string Author => (Resume?.Profile?.Name ?? CoverLetter?.Sender?.Name ?? "").Trim();
}

/// <summary>The printable page and the metadata the PDF gets.</summary>
public sealed record TemplatePage(string Html, string Title, string Author);

/// <summary>
/// Turns a document snapshot into the complete HTML page Chromium prints, by rendering the template's
/// Razor component with ASP.NET Core's <see cref="HtmlRenderer"/>: markup is compiled and every user string
/// is HTML-encoded by Razor, so document text can never become markup.
/// </summary>
public sealed class DocumentHtmlRenderer(ITemplateCatalog catalog, IOptions<RendererOptions> options,
    IServiceProvider services, ILoggerFactory loggerFactory)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public async Task<string> RenderAsync(
        string templateId,
        string documentType,
        string title,
        JsonElement data,
        string? pageSize,
        CancellationToken ct
    ) => (await RenderPageAsync(new RenderRequest(templateId, documentType, title, data, pageSize), ct)).Html;

    public async Task<TemplatePage> RenderPageAsync(RenderRequest request, CancellationToken ct)
    {
        var template = catalog.Find(request.TemplateId) ?? throw RenderFailure.UnknownTemplate(request.TemplateId);
        var component = template.ComponentFor(request.DocumentType)
            ?? throw RenderFailure.Unsupported(template.Id, request.DocumentType);
        var size = PageSizes.Normalize(request.PageSize);
        if (size is null || !template.PageSizes.Contains(size)) throw RenderFailure.BadPageSize(request.PageSize);

        var resume = request.DocumentType == DocumentTypes.Resume ? Parse<ResumeData>(request.Data) : null;
        var letter = resume is null ? Parse<CoverLetterData>(request.Data) : null;
        var design = new ResolvedDesign(template.Look, resume?.Design ?? letter?.Design);
        var input = new TemplateInput(request.Title, size, resume, letter, template.Look, design, template.Css)
        {
            PhotoDataUri = request.Photo?.ToDataUri(options.Value.MaxPhotoBytes),
        };
        ct.ThrowIfCancellationRequested();

        // A renderer per call: HtmlRenderer keeps every root component it rendered until disposed.
        await using var renderer = new HtmlRenderer(services, loggerFactory);
        var html = await renderer.Dispatcher.InvokeAsync(async () =>
        {
            var parameters = ParameterView.FromDictionary(
                new Dictionary<string, object?> { [nameof(Shared.DocumentTemplate.Input)] = input }
            );
            var output = await renderer.RenderComponentAsync(component, parameters);
            return output.ToHtmlString();
        });
        var author = input.Author;
        return new TemplatePage(html, author.Length > 0 ? author : request.Title, author);
    }

    private static T Parse<T>(JsonElement data) where T : class
    {
        if (data.ValueKind != JsonValueKind.Object)
            throw RenderFailure.InvalidData($"expected a JSON object, got {data.ValueKind}.");
        try
        {
            return data.Deserialize<T>(Json) ?? throw RenderFailure.InvalidData("empty document.");
        }
        catch (JsonException e)
        {
            throw RenderFailure.InvalidData(e.Path is { } p ? $"{p}: {e.Message}" : e.Message, e);
        }
    }
}
