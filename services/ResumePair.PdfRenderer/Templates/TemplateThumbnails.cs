using System.Collections.Concurrent;
using ResumePair.Contracts.Documents;
using ResumePair.PdfRenderer.Rendering;

namespace ResumePair.PdfRenderer.Templates;

/// <summary>
/// A preview image per template: the sample resume rendered by the template and screenshotted by Chromium, made
/// on first request and kept in memory (a few tens of KB each; templates only change with a deployment).
/// </summary>
public sealed class TemplateThumbnails(
    ITemplateCatalog catalog,
    DocumentHtmlRenderer html,
    PdfPrinter printer,
    ILogger<TemplateThumbnails> logger
)
{
    /// <summary>Half of A4 at 96 dpi: big enough to tell the layouts apart in a picker.</summary>
    public const int Width = 397, Height = 561;

    private readonly ConcurrentDictionary<string, Lazy<Task<byte[]>>> _cache = new(StringComparer.OrdinalIgnoreCase);

    public async Task<byte[]?> GetAsync(string templateId, CancellationToken ct)
    {
        if (catalog.Find(templateId) is not { } template) return null;
        var entry = _cache.GetOrAdd(template.Id, id => new Lazy<Task<byte[]>>(() => CreateAsync(id)));
        try
        {
            return await entry.Value.WaitAsync(ct);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // A failed attempt (Chromium restarting) is not cached: the next request tries again.
            _cache.TryRemove(KeyValuePair.Create(template.Id, entry));
            throw;
        }
    }

    private async Task<byte[]> CreateAsync(string templateId)
    {
        var started = Environment.TickCount64;
        var page = await html.RenderPageAsync(
            new RenderRequest(templateId, DocumentTypes.Resume, "Sample", TemplateSamples.ResumeJson(), PageSizes.A4),
            CancellationToken.None
        );
        // On screen @page margins do not apply: pad like the printed page and draw at half size.
        var screen = page.Html.Replace("</head>",
            "<style>html { zoom: 0.5; background: #fff; } body { padding: 14mm 15mm; }</style></head>",
            StringComparison.Ordinal);
        var png = await printer.ScreenshotAsync(screen, Width, Height, CancellationToken.None);
        logger.LogInformation(
            "Preview image of template {Template}: {Bytes} bytes in {Ms} ms",
            templateId,
            png.Length,
            Environment.TickCount64 - started
        );
        return png;
    }
}
