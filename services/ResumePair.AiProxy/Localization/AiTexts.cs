namespace ResumePair.AiProxy.Localization;

/// <summary>This service's problem texts in other languages (AiTexts.*.resx, keyed by the English text).</summary>
public sealed class AiTexts;
