using System.Net;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;
using Polly;

namespace ResumePair.AiProxy.Providers;

/// <summary>
/// The pipeline around every vendor call (Microsoft.Extensions.Http.Resilience): a total timeout, retries with
/// exponential backoff on 429/5xx/timeouts that wait the vendor's Retry-After (a vendor asking for longer than
/// <see cref="ResilienceOptions.MaxRetryAfter"/> is not retried: the user gets a 503 with it instead of a hang), a
/// circuit breaker on failures (not on 429: that is the vendor's quota, handled by waiting), and a per-attempt
/// timeout. The circuit is per replica, which is enough to stop hammering a dead vendor.
/// </summary>
public static class VendorResilience
{
    public static IHttpClientBuilder AddVendorResilience(this IHttpClientBuilder http)
    {
        http.AddResilienceHandler("vendor", (pipeline, context) =>
        {
            var o = context.ServiceProvider.GetRequiredService<IOptions<AiOptions>>().Value.Resilience;
            var logger = context.ServiceProvider.GetRequiredService<ILogger<ProviderCalls>>();
            pipeline.AddTimeout(o.TotalTimeout)
                .AddRetry(new HttpRetryStrategyOptions
                {
                    MaxRetryAttempts = Math.Max(1, o.MaxRetries),
                    BackoffType = DelayBackoffType.Exponential,
                    UseJitter = true,
                    Delay = o.RetryBaseDelay,
                    ShouldRetryAfterHeader = true,
                    ShouldHandle = args => ValueTask.FromResult(o.MaxRetries > 0
                        && HttpClientResiliencePredicates.IsTransient(args.Outcome)
                        && !(RetryAfter(args.Outcome.Result) > o.MaxRetryAfter)),
                    OnRetry = args =>
                    {
                        logger.LogWarning("Provider call failed ({Outcome}); retry {Attempt} in {Delay}",
                            args.Outcome.Result?.StatusCode.ToString() ?? args.Outcome.Exception?.GetType().Name,
                            args.AttemptNumber + 1, args.RetryDelay);
                        return ValueTask.CompletedTask;
                    },
                })
                .AddCircuitBreaker(new HttpCircuitBreakerStrategyOptions
                {
                    FailureRatio = o.FailureRatio,
                    MinimumThroughput = Math.Max(2, o.MinimumThroughput),
                    SamplingDuration = o.SamplingDuration,
                    BreakDuration = o.BreakDuration,
                    ShouldHandle = args => ValueTask.FromResult(IsFailure(args.Outcome)),
                    OnOpened = args =>
                    {
                        logger.LogWarning("Provider circuit opened for {Duration}", args.BreakDuration);
                        return ValueTask.CompletedTask;
                    },
                    OnClosed = _ =>
                    {
                        logger.LogInformation("Provider circuit closed");
                        return ValueTask.CompletedTask;
                    },
                })
                .AddTimeout(o.AttemptTimeout);
        });
        return http;
    }

    private static bool IsFailure(Outcome<HttpResponseMessage> outcome) =>
        outcome.Result?.StatusCode != HttpStatusCode.TooManyRequests
        && HttpClientResiliencePredicates.IsTransient(outcome);

    /// <summary>The vendor's Retry-After (seconds or a date); null means "use the backoff".</summary>
    public static TimeSpan? RetryAfter(HttpResponseMessage? response)
    {
        var header = response?.Headers.RetryAfter;
        if (header?.Delta is { } delta) return delta;
        if (header?.Date is { } date) return date - DateTimeOffset.UtcNow is { Ticks: > 0 } wait ? wait : TimeSpan.Zero;
        return null;
    }
}
