namespace ResumePair.Documents.Localization;

/// <summary>This service's problem texts in other languages (DocumentsTexts.*.resx, keyed by English text).</summary>
public sealed class DocumentsTexts;
