namespace ResumePair.PdfRenderer.Rendering.Cdp;

/// <summary>A DevTools command that Chromium refused, or that could not complete because the pipe or the page went away.</summary>
public sealed class CdpException(string method, string message) : Exception($"{method}: {message}")
{
    public string Method { get; } = method;
}
