namespace ResumePair.ExportOrchestrator.Localization;

/// <summary>
/// This service's texts in other languages (ExportTexts.*.resx, keyed by the English text): problems, and the job
/// stages and failures stored in <c>jobs</c> as the engine and renderers write them, translated when a job is read.
/// </summary>
public sealed class ExportTexts;
