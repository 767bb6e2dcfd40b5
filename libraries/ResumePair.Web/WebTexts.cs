namespace ResumePair.Web;

/// <summary>This library's problem texts in other languages (WebTexts.*.resx, keyed by the English text).</summary>
public sealed class WebTexts;
