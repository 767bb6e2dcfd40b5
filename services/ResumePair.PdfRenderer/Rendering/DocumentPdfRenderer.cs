using System.Diagnostics;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.Extensions.Options;
using ResumePair.PdfRenderer.Templates;

namespace ResumePair.PdfRenderer.Rendering;

public sealed record RenderedPdf(byte[] Bytes, int Pages, string Sha256, long RenderMilliseconds);

/// <summary>Document snapshot → template HTML → Chromium PDF → metadata → checked bytes.</summary>
public sealed class DocumentPdfRenderer(
    DocumentHtmlRenderer html,
    PdfPrinter printer,
    IOptions<RendererOptions> options,
    TimeProvider time
)
{
    public Task<RenderedPdf> RenderAsync(
        string templateId,
        string documentType,
        string title,
        JsonElement data,
        string pageSize,
        TimeSpan? timeout,
        CancellationToken ct
    ) => RenderAsync(new RenderRequest(templateId, documentType, title, data, pageSize), timeout, ct);

    /// <param name="jobId">The export job, for the renderer's spans (<see cref="RendererTelemetry"/>).</param>
    public async Task<RenderedPdf> RenderAsync(
        RenderRequest request,
        TimeSpan? timeout,
        CancellationToken ct,
        Guid? jobId = null
    )
    {
        var started = time.GetTimestamp();
        using var activity = ServiceDefaults.Telemetry.ResumePairTelemetry.Source.StartActivity("render pdf");
        activity?.SetTag("resumepair.template", request.TemplateId);
        activity?.SetTag("resumepair.page_size", request.PageSize);
        if (jobId is { } id) activity?.SetTag(RendererTelemetry.JobIdTag, id);

        var page = await html.RenderPageAsync(request, ct);
        var remaining = timeout - time.GetElapsedTime(started);
        var printed = await printer.PrintAsync(page.Html, remaining, ct, jobId);
        var bytes = PdfMetadata.WithAuthor(printed, page.Author);
        var pages = PdfInspector.Validate(bytes, options.Value.MinPdfBytes, options.Value.MaxPdfBytes);
        var elapsed = (long)time.GetElapsedTime(started).TotalMilliseconds;

        activity?.SetTag("resumepair.pages", pages);
        activity?.SetStatus(ActivityStatusCode.Ok);
        return new RenderedPdf(bytes, pages, Convert.ToHexStringLower(SHA256.HashData(bytes)), elapsed);
    }
}
