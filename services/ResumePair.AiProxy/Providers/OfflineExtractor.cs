using ResumePair.AiProxy.Providers.Parsing;
using ResumePair.Contracts.Documents;

namespace ResumePair.AiProxy.Providers;

/// <summary>The offline provider's extract feature: the rule-based <see cref="ResumeParser"/> (see Parsing/).</summary>
public static class OfflineExtractor
{
    public static ResumeData Extract(string text) => ResumeParser.Parse(text).Data;

    internal static string Cap(string value, int max) => ResumeParser.Cap(value, max);
}
