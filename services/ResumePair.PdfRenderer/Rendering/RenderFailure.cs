namespace ResumePair.PdfRenderer.Rendering;

/// <summary>
/// A render that cannot produce a PDF. <see cref="Retryable"/> tells the orchestrator whether another
/// attempt may succeed (browser crash, timeout, storage hiccup) or never will (bad data, unknown template).
/// </summary>
public sealed class RenderFailure(string code, string message, bool retryable, Exception? inner = null)
    : Exception(message, inner)
{
    public string Code { get; } = code;
    public bool Retryable { get; } = retryable;

    public static RenderFailure UnknownTemplate(string id) =>
        new("unknown-template", $"Template '{id}' does not exist.", false);

    public static RenderFailure Unsupported(string templateId, string documentType) =>
        new(
            "unsupported-document-type",
            $"Template '{templateId}' cannot render documents of type '{documentType}'.",
            false
        );

    public static RenderFailure BadPageSize(string? pageSize) =>
        new("invalid-page-size", $"Page size '{pageSize}' is not A4 or Letter.", false);

    public static RenderFailure InvalidData(string detail, Exception? inner = null) =>
        new("invalid-document", $"The document data is invalid: {detail}", false, inner);

    public static RenderFailure Timeout(TimeSpan after) =>
        new("timeout", $"Rendering did not finish within {after.TotalSeconds:0.#} s.", true);

    public static RenderFailure Browser(string detail, Exception? inner = null) =>
        new("browser", $"Chromium failed: {detail}", true, inner);

    public static RenderFailure BadOutput(string detail) =>
        new("invalid-output", $"Chromium produced an unusable PDF: {detail}", true);

    public static RenderFailure DeadlinePassed(DateTimeOffset deadline) =>
        new("deadline-passed", $"The job's deadline {deadline:O} passed before rendering started.", true);
}
