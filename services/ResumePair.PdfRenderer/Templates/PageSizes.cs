namespace ResumePair.PdfRenderer.Templates;

/// <summary>The paper sizes we print; the value is also the CSS <c>@page size</c> keyword.</summary>
public static class PageSizes
{
    public const string A4 = "A4";
    public const string Letter = "Letter";
    public static readonly IReadOnlyList<string> All = [A4, Letter];

    /// <summary>Case-insensitive match to the canonical spelling, or null.</summary>
    public static string? Normalize(string? value) =>
        All.FirstOrDefault(s => string.Equals(s, value?.Trim(), StringComparison.OrdinalIgnoreCase));
}
