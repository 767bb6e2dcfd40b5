namespace ResumePair.AiProxy.Providers;

/// <summary>One interface for every provider: the offline rules today, LLM vendors behind it later.</summary>
public interface IWritingAssistant
{
    string Name { get; }
    Task<IReadOnlyList<EnhancedBullet>> EnhanceAsync(string text, string style, CancellationToken ct);
}

public sealed record EnhancedBullet(string Original, string Text, IReadOnlyList<string> Notes);

public static class EnhanceStyle
{
    public const string Concise = "concise";
    public const string Impact = "impact";
    public static bool IsKnown(string style) => style is Concise or Impact;
}
