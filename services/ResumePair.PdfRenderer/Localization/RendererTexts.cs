namespace ResumePair.PdfRenderer.Localization;

/// <summary>This service's texts for people in other languages (RendererTexts.*.resx, keyed by the English text): the
/// templates' names and descriptions in the template picker, and its problems.</summary>
public sealed class RendererTexts;
