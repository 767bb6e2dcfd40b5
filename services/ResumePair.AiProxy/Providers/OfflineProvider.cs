using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.RegularExpressions;
using ResumePair.AiProxy.Features;
using ResumePair.Contracts.Documents.Validation;

namespace ResumePair.AiProxy.Providers;

/// <summary>
/// The default provider: deterministic rules, no keys, no network. It reads each feature's structured input
/// and answers in the format an LLM would (text, or JSON for extract and cover letters), so everything after
/// the provider — validation, cache, ledger, streaming — is the same code whichever provider is configured.
/// </summary>
public sealed partial class OfflineProvider(OfflineWritingAssistant rules) : IAiProvider
{
    public string Name => "offline";
    public string Model => "rules-v1";
    public bool Metered => false;

    public async Task<Completion> CompleteAsync(AiPrompt prompt, CancellationToken ct)
    {
        var text = prompt.Input switch
        {
            GenerateInput g => OfflineDrafts.Generate(g, rules),
            ExtractInput x => JsonSerializer.Serialize(OfflineExtractor.Extract(x.Text), DocumentJson.Output),
            EnhanceInput e => string.Join('\n', (await rules.EnhanceAsync(e.Text, e.Style, ct)).Select(b => b.Text)),
            TailorInput t => string.Join('\n', OfflineDrafts.TailorSuggestions(t).Select(s => "- " + s)),
            CoverLetterInput c => JsonSerializer.Serialize(OfflineDrafts.CoverLetter(c), DocumentJson.Output),
            _ => throw new NotSupportedException($"The offline provider has no rules for {prompt.Feature}."),
        };
        return new Completion(text, prompt.EstimatedInputTokens, Tokens.Estimate(text));
    }

    /// <summary>Word by word, so a client sees the same event stream it would get from a vendor.</summary>
    public async IAsyncEnumerable<StreamChunk> StreamAsync(
        AiPrompt prompt,
        [EnumeratorCancellation] CancellationToken ct
    )
    {
        var completion = await CompleteAsync(prompt, ct);
        foreach (Match word in Word().Matches(completion.Text))
        {
            ct.ThrowIfCancellationRequested();
            yield return new StreamChunk(word.Value);
        }
        yield return new StreamChunk(null, completion.TokensIn, completion.TokensOut);
    }

    [GeneratedRegex(@"\S+\s*|\s+")]
    private static partial Regex Word();
}
