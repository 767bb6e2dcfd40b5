using System.Text.Json;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;
using ResumePair.Contracts.Documents;
using ResumePair.PdfRenderer.Rendering;

namespace ResumePair.PdfRenderer.Templates;

/// <summary>What a template is asked to render: the parsed document plus presentation choices.</summary>
public sealed record TemplateInput(string Title, string PageSize, ResumeData? Resume, CoverLetterData? CoverLetter);

/// <summary>
/// Turns a document snapshot into the complete HTML page Chromium prints, by rendering the template's
/// Razor component with ASP.NET Core's <see cref="HtmlRenderer"/>: markup is compiled and every user string
/// is HTML-encoded by Razor, so document text can never become markup.
/// </summary>
public sealed class DocumentHtmlRenderer(ITemplateCatalog catalog, IServiceProvider services, ILoggerFactory loggerFactory)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public async Task<string> RenderAsync(string templateId, string documentType, string title, JsonElement data, string? pageSize, CancellationToken ct)
    {
        var template = catalog.Find(templateId) ?? throw RenderFailure.UnknownTemplate(templateId);
        var component = template.ComponentFor(documentType) ?? throw RenderFailure.Unsupported(template.Id, documentType);
        var size = PageSizes.Normalize(pageSize);
        if (size is null || !template.PageSizes.Contains(size)) throw RenderFailure.BadPageSize(pageSize);

        var input = documentType == DocumentTypes.Resume
            ? new TemplateInput(title, size, Parse<ResumeData>(data), null)
            : new TemplateInput(title, size, null, Parse<CoverLetterData>(data));
        ct.ThrowIfCancellationRequested();

        // A renderer per call: HtmlRenderer keeps every root component it rendered until disposed.
        await using var renderer = new HtmlRenderer(services, loggerFactory);
        return await renderer.Dispatcher.InvokeAsync(async () =>
        {
            var parameters = ParameterView.FromDictionary(new Dictionary<string, object?> { [nameof(Shared.DocumentTemplate.Input)] = input });
            var output = await renderer.RenderComponentAsync(component, parameters);
            return output.ToHtmlString();
        });
    }

    private static T Parse<T>(JsonElement data) where T : class
    {
        if (data.ValueKind != JsonValueKind.Object) throw RenderFailure.InvalidData($"expected a JSON object, got {data.ValueKind}.");
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
