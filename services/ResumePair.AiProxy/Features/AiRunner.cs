using ResumePair.AiProxy.Caching;
using ResumePair.AiProxy.Limits;
using ResumePair.AiProxy.Providers;
using ResumePair.AiProxy.Usage;

namespace ResumePair.AiProxy.Features;

/// <summary>The provider-wide budget is spent; the user may retry after <see cref="RetryAfter"/> (429).</summary>
public sealed class BudgetExhaustedException(TimeSpan retryAfter)
    : Exception("The AI budget for this minute is used up.")
{
    public TimeSpan RetryAfter { get; } = retryAfter;
}

/// <summary>The model's output failed validation twice (the original and the one repair attempt): 502, nothing is
/// used.</summary>
public sealed class InvalidModelOutputException(string error) : Exception(error);

public sealed record AiAnswer(string Text, bool CacheHit);

/// <summary>
/// A feature's check of a schema-valid answer against what it knows without the model (extract: the rule parser's
/// reading of the same text). It may cost the one repair request, never more.
/// </summary>
public interface IAnswerReview
{
    /// <summary>Null when the answer agrees; else what is wrong, sent to the model in the repair request.</summary>
    string? Problems(string answer);

    /// <summary>
    /// The answer to use: the better of <paramref name="first"/> and <paramref name="repaired"/> (null when no repair
    /// could be asked or it came back invalid), completed with what the feature knows.
    /// </summary>
    string Settle(string first, string? repaired);
}

/// <summary>
/// What every feature shares after it built its prompt: cache lookup, the vendor budget, the provider call
/// (streamed or not), validation with one repair attempt, caching the valid answer, and the usage ledger.
/// </summary>
public sealed class AiRunner(
    IAiProvider provider,
    ResponseCache cache,
    ProviderBudget budget,
    UsageLedger ledger,
    TimeProvider time,
    ILogger<AiRunner> logger
)
{
    public IAiProvider Provider => provider;

    /// <summary>A cached answer to this exact prompt, if one is fresh (recorded in the ledger as a hit).</summary>
    public async Task<AiAnswer?> FromCacheAsync(AiPrompt prompt, Guid userId, CancellationToken ct)
    {
        var started = time.GetTimestamp();
        if (await cache.GetAsync(ResponseCache.Key(prompt, provider), ct) is not { } hit) return null;
        await ledger.RecordAsync(
            new UsageEntry(
                userId,
                prompt.Feature,
                provider.Name,
                provider.Model,
                hit.TokensIn,
                hit.TokensOut,
                time.GetElapsedTime(started),
                CacheHit: true,
                "ok"
            )
        );
        return new AiAnswer(hit.Response, true);
    }

    /// <summary>
    /// Asks the provider. With <paramref name="onToken"/> the answer is streamed through it as it arrives (a repair,
    /// if needed, is not streamed: the caller's final event carries the repaired result). <paramref name="validate"/>
    /// returns null for valid output or the reason it is not. <paramref name="review"/> then checks a valid answer;
    /// an inconsistent one gets the repair request if the schema did not already spend it, and the review settles on
    /// what is used. At most two provider calls either way.
    /// </summary>
    public async Task<AiAnswer> AskAsync(
        AiPrompt prompt,
        Guid userId,
        Func<string, string?>? validate,
        Func<string, Task>? onToken,
        CancellationToken ct,
        IAnswerReview? review = null
    )
    {
        var started = time.GetTimestamp();
        int tokensIn = 0, tokensOut = 0;
        var outcome = "unavailable";
        try
        {
            var first = await CallAsync(prompt, onToken, ct);
            (tokensIn, tokensOut) = (first.TokensIn, first.TokensOut);
            var text = first.Text;
            var repairSpent = false;
            if (validate?.Invoke(text) is { } error)
            {
                repairSpent = true;
                logger.LogWarning(
                    "{Feature}: the model's output was invalid ({Error}); one repair attempt",
                    prompt.Feature,
                    error
                );
                var repaired = await CallAsync(Prompts.Repair(prompt, text, error), null, ct);
                (tokensIn, tokensOut) = (tokensIn + repaired.TokensIn, tokensOut + repaired.TokensOut);
                text = repaired.Text;
                if (validate(text) is { } stillWrong)
                {
                    outcome = "invalid_output";
                    throw new InvalidModelOutputException(stillWrong);
                }
            }
            if (review?.Problems(text) is { } problems)
            {
                string? repairedText = null;
                if (!repairSpent)
                {
                    // The findings name the user's own data (emails, employers): counted here, not logged.
                    logger.LogWarning(
                        "{Feature}: the model's answer disagrees with the rule parser; one repair attempt",
                        prompt.Feature
                    );
                    try
                    {
                        var repaired = await CallAsync(Prompts.Repair(prompt, text, problems), null, ct);
                        (tokensIn, tokensOut) = (tokensIn + repaired.TokensIn, tokensOut + repaired.TokensOut);
                        repairedText = validate?.Invoke(repaired.Text) is null ? repaired.Text : null;
                    }
                    catch (Exception e) when (e is ProviderUnavailableException or BudgetExhaustedException)
                    {
                        // The first answer is valid: a repair that cannot be had costs the user nothing more.
                        logger.LogWarning(
                            "{Feature}: no repair ({Reason}); the first answer is completed instead",
                            prompt.Feature,
                            e.Message
                        );
                    }
                }
                text = review.Settle(text, repairedText);
            }
            outcome = "ok";
            await cache.PutAsync(
                ResponseCache.Key(prompt, provider),
                prompt,
                provider.Model,
                text,
                tokensIn,
                tokensOut,
                userId
            );
            return new AiAnswer(text, false);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            outcome = "cancelled";
            throw;
        }
        catch (BudgetExhaustedException)
        {
            outcome = "budget_exhausted";
            throw;
        }
        finally
        {
            await ledger.RecordAsync(
                new UsageEntry(
                    userId,
                    prompt.Feature,
                    provider.Name,
                    provider.Model,
                    tokensIn,
                    tokensOut,
                    time.GetElapsedTime(started),
                    CacheHit: false,
                    outcome
                )
            );
        }
    }

    private async Task<Completion> CallAsync(AiPrompt prompt, Func<string, Task>? onToken, CancellationToken ct)
    {
        var estimate = prompt.EstimatedInputTokens + prompt.MaxOutputTokens;
        if (provider.Metered && await budget.TryTakeAsync(provider.Name, estimate, ct) is { Allowed: false } denied)
            throw new BudgetExhaustedException(denied.RetryAfter);

        Completion completion;
        if (onToken is null)
        {
            completion = await provider.CompleteAsync(prompt, ct);
        }
        else
        {
            var text = new System.Text.StringBuilder();
            int? tokensIn = null, tokensOut = null;
            try
            {
                await foreach (var chunk in provider.StreamAsync(prompt, ct))
                {
                    if (chunk.Text is { } token)
                    {
                        text.Append(token);
                        await onToken(token);
                    }
                    tokensIn = chunk.TokensIn ?? tokensIn;
                    tokensOut = chunk.TokensOut ?? tokensOut;
                }
            }
            catch (Exception e)
                when (!ct.IsCancellationRequested
                    && e is IOException or HttpRequestException or System.Text.Json.JsonException
                )
            {
                // The vendor's stream broke off after it had started: that is the vendor being unavailable, not our
                // bug.
                throw new ProviderUnavailableException(
                    $"The AI provider ({provider.Name}) broke off its answer.",
                    null,
                    e
                );
            }
            var full = text.ToString();
            completion = new Completion(
                full,
                tokensIn ?? prompt.EstimatedInputTokens,
                tokensOut ?? Tokens.Estimate(full)
            );
        }
        if (provider.Metered)
            await budget.SettleAsync(provider.Name, estimate, completion.TokensIn + completion.TokensOut);
        return completion;
    }
}
