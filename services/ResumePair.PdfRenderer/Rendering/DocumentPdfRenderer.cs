using System.Diagnostics;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.Extensions.Options;
using ResumePair.PdfRenderer.Templates;

namespace ResumePair.PdfRenderer.Rendering;

public sealed record RenderedPdf(byte[] Bytes, int Pages, string Sha256, long RenderMilliseconds);

/// <summary>Document snapshot → template HTML → Chromium PDF → checked bytes.</summary>
public sealed class DocumentPdfRenderer(DocumentHtmlRenderer html, PdfPrinter printer, IOptions<RendererOptions> options, TimeProvider time)
{
    public async Task<RenderedPdf> RenderAsync(string templateId, string documentType, string title, JsonElement data, string pageSize,
        TimeSpan? timeout, CancellationToken ct)
    {
        var started = time.GetTimestamp();
        using var activity = ServiceDefaults.Telemetry.ResumePairTelemetry.Source.StartActivity("render pdf");
        activity?.SetTag("resumepair.template", templateId);
        activity?.SetTag("resumepair.page_size", pageSize);

        var page = await html.RenderAsync(templateId, documentType, title, data, pageSize, ct);
        var remaining = timeout - time.GetElapsedTime(started);
        var bytes = await printer.PrintAsync(page, remaining, ct);
        var pages = PdfInspector.Validate(bytes, options.Value.MinPdfBytes, options.Value.MaxPdfBytes);
        var elapsed = (long)time.GetElapsedTime(started).TotalMilliseconds;

        activity?.SetTag("resumepair.pages", pages);
        activity?.SetStatus(ActivityStatusCode.Ok);
        return new RenderedPdf(bytes, pages, Convert.ToHexStringLower(SHA256.HashData(bytes)), elapsed);
    }
}
