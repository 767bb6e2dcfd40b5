namespace ResumePair.AiProxy.Providers;

/// <summary>
/// What a feature asks of a provider. LLM vendors read <see cref="System"/> and <see cref="User"/>; the offline
/// provider reads <see cref="Feature"/> and the structured <see cref="Input"/> instead, and answers in the
/// same format (text, or JSON when <see cref="Json"/>), so validation, caching and the ledger are shared.
/// </summary>
public sealed record AiPrompt(string Feature, string System, string User, bool Json, int MaxOutputTokens, object Input)
{
    /// <summary>Rough token count of the prompt (≈ 4 characters a token), for the budget before the vendor reports
    /// usage.</summary>
    public int EstimatedInputTokens => (System.Length + User.Length) / 4 + 8;
}

public sealed record Completion(string Text, int TokensIn, int TokensOut);

/// <summary>One streamed piece: a token of text, or (last) the usage the vendor reported.</summary>
public sealed record StreamChunk(string? Text, int? TokensIn = null, int? TokensOut = null);

/// <summary>One interface for every provider: OpenAI-compatible chat completions, Gemini, and the offline
/// rules.</summary>
public interface IAiProvider
{
    string Name { get; }
    string Model { get; }
    /// <summary>False for the offline provider: it costs nothing, so the vendor budget does not apply.</summary>
    bool Metered { get; }
    Task<Completion> CompleteAsync(AiPrompt prompt, CancellationToken ct);
    IAsyncEnumerable<StreamChunk> StreamAsync(AiPrompt prompt, CancellationToken ct);
}

/// <summary>The provider cannot answer now (down, circuit open, timed out, or its own quota); answered 503.</summary>
public sealed class ProviderUnavailableException(string message, TimeSpan? retryAfter = null, Exception? inner = null)
    : Exception(message, inner)
{
    public TimeSpan? RetryAfter { get; } = retryAfter;
}

public static class Tokens
{
    public static int Estimate(string text) => text.Length / 4 + 1;
}
