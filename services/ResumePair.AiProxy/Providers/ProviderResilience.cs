using System.Net;
using Microsoft.Extensions.Options;
using Polly;
using Polly.CircuitBreaker;
using Polly.Retry;
using Polly.Timeout;

namespace ResumePair.AiProxy.Providers;

/// <summary>
/// The pipeline around every vendor call (Polly.Core; Microsoft.Extensions.Http.Resilience is not in our registry):
/// a total timeout, retries with exponential backoff on 429/5xx/timeouts that honour the vendor's Retry-After,
/// a circuit breaker on failures (not on 429: that is the vendor's quota, handled by waiting), and a per-attempt
/// timeout. One instance per process: the circuit is per replica, which is enough to stop hammering a dead vendor.
/// Only the wait for the response headers runs inside it; a streamed body is read afterwards under the caller's token.
/// </summary>
public sealed class ProviderResilience
{
    private readonly ResiliencePipeline<HttpResponseMessage> _pipeline;
    private readonly ILogger<ProviderResilience> _logger;

    public ProviderResilience(IOptions<AiOptions> options, TimeProvider time, ILogger<ProviderResilience> logger)
    {
        _logger = logger;
        var o = options.Value.Resilience;
        _pipeline = new ResiliencePipelineBuilder<HttpResponseMessage> { TimeProvider = time }
            .AddTimeout(o.TotalTimeout)
            .AddRetry(new RetryStrategyOptions<HttpResponseMessage>
            {
                MaxRetryAttempts = Math.Max(1, o.MaxRetries),
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = o.RetryBaseDelay,
                ShouldHandle = args => ValueTask.FromResult(o.MaxRetries > 0 && IsRetryable(args.Outcome, o.MaxRetryAfter)),
                DelayGenerator = args => ValueTask.FromResult(RetryAfter(args.Outcome.Result)),
                OnRetry = args =>
                {
                    _logger.LogWarning("Provider call failed ({Outcome}); retry {Attempt} in {Delay}",
                        args.Outcome.Result?.StatusCode.ToString() ?? args.Outcome.Exception?.GetType().Name, args.AttemptNumber + 1, args.RetryDelay);
                    args.Outcome.Result?.Dispose();
                    return ValueTask.CompletedTask;
                },
            })
            .AddCircuitBreaker(new CircuitBreakerStrategyOptions<HttpResponseMessage>
            {
                FailureRatio = o.FailureRatio,
                MinimumThroughput = Math.Max(2, o.MinimumThroughput),
                SamplingDuration = o.SamplingDuration,
                BreakDuration = o.BreakDuration,
                ShouldHandle = args => ValueTask.FromResult(IsFailure(args.Outcome)),
                OnOpened = args => { _logger.LogWarning("Provider circuit opened for {Duration}", args.BreakDuration); return ValueTask.CompletedTask; },
                OnClosed = _ => { _logger.LogInformation("Provider circuit closed"); return ValueTask.CompletedTask; },
            })
            .AddTimeout(o.AttemptTimeout)
            .Build();
    }

    /// <summary>
    /// Sends a request built fresh for every attempt; answers the successful response (the caller disposes it) or
    /// throws <see cref="ProviderUnavailableException"/>. Cancellation by the caller propagates as such.
    /// </summary>
    public async Task<HttpResponseMessage> SendAsync(HttpClient http, Func<HttpRequestMessage> request, string vendor, CancellationToken ct)
    {
        HttpResponseMessage response;
        try
        {
            response = await _pipeline.ExecuteAsync(async token =>
            {
                using var message = request();
                return await http.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, token);
            }, ct);
        }
        catch (BrokenCircuitException e)
        {
            throw new ProviderUnavailableException($"The AI provider ({vendor}) is failing; requests are paused for a moment.", e.RetryAfter, e);
        }
        catch (TimeoutRejectedException e)
        {
            throw new ProviderUnavailableException($"The AI provider ({vendor}) did not answer in time.", null, e);
        }
        catch (HttpRequestException e)
        {
            throw new ProviderUnavailableException($"The AI provider ({vendor}) is unreachable.", null, e);
        }
        catch (OperationCanceledException e) when (!ct.IsCancellationRequested)
        {
            throw new ProviderUnavailableException($"The AI provider ({vendor}) did not answer in time.", null, e);
        }

        if (response.IsSuccessStatusCode) return response;
        using (response)
        {
            var retryAfter = RetryAfter(response);
            var status = (int)response.StatusCode;
            // The body may say why (bad model name, bad key); it never carries our key, so it is safe to log.
            var body = await SafeReadAsync(response, ct);
            _logger.LogWarning("Provider {Vendor} answered {Status}: {Body}", vendor, status, body);
            throw new ProviderUnavailableException(status == 429
                ? $"The AI provider ({vendor}) is over its quota; try again later."
                : $"The AI provider ({vendor}) answered {status}.", retryAfter);
        }
    }

    private static async Task<string> SafeReadAsync(HttpResponseMessage response, CancellationToken ct)
    {
        try
        {
            var text = await response.Content.ReadAsStringAsync(ct);
            return text.Length > 500 ? text[..500] : text;
        }
        catch (Exception e) when (e is HttpRequestException or IOException) { return ""; }
    }

    private static bool IsRetryable(Outcome<HttpResponseMessage> outcome, TimeSpan maxRetryAfter) => outcome switch
    {
        { Exception: HttpRequestException or TimeoutRejectedException } => true,
        { Result: { } r } when IsTransientStatus(r.StatusCode) => RetryAfter(r) is not { } wait || wait <= maxRetryAfter,
        _ => false,
    };

    private static bool IsFailure(Outcome<HttpResponseMessage> outcome) => outcome switch
    {
        { Exception: HttpRequestException or TimeoutRejectedException } => true,
        { Result: { } r } => (int)r.StatusCode >= 500 || r.StatusCode == HttpStatusCode.RequestTimeout,
        _ => false,
    };

    private static bool IsTransientStatus(HttpStatusCode status) =>
        status is HttpStatusCode.TooManyRequests or HttpStatusCode.RequestTimeout || (int)status >= 500;

    /// <summary>The vendor's Retry-After (seconds or a date); null means "use the backoff".</summary>
    public static TimeSpan? RetryAfter(HttpResponseMessage? response)
    {
        var header = response?.Headers.RetryAfter;
        if (header?.Delta is { } delta) return delta;
        if (header?.Date is { } date) return date - DateTimeOffset.UtcNow is { Ticks: > 0 } wait ? wait : TimeSpan.Zero;
        return null;
    }
}
