namespace ResumePair.Documents.Documents;

/// <summary>
/// The words of version history (HistoryTexts.*.resx): summaries, section and field names. Summaries are made when the
/// history is read, never stored, so each reader gets them in their own language.
/// </summary>
public sealed class HistoryTexts;
