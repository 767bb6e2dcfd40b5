using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Polly;
using Polly.CircuitBreaker;
using Polly.Retry;
using Polly.Timeout;

namespace ResumePair.ServiceDefaults.Http;

/// <summary>
/// The standard pipeline for calls to other services (Microsoft.Extensions.Http.Resilience is not in our
/// registry, so this is the same idea on Polly.Core): total timeout, retries with jittered exponential
/// backoff for transient failures of idempotent requests, a circuit breaker, and a per-attempt timeout.
/// </summary>
public static class ResilienceExtensions
{
    public static IHttpClientBuilder AddStandardResilience(this IHttpClientBuilder builder, TimeSpan? totalTimeout = null)
    {
        var pipeline = new ResiliencePipelineBuilder<HttpResponseMessage>()
            .AddTimeout(totalTimeout ?? TimeSpan.FromSeconds(30))
            .AddRetry(new RetryStrategyOptions<HttpResponseMessage>
            {
                MaxRetryAttempts = 3,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = TimeSpan.FromMilliseconds(200),
                ShouldHandle = args => ValueTask.FromResult(IsIdempotent(args.Context) && IsTransient(args.Outcome)),
            })
            .AddCircuitBreaker(new CircuitBreakerStrategyOptions<HttpResponseMessage>
            {
                FailureRatio = 0.5,
                MinimumThroughput = 20,
                SamplingDuration = TimeSpan.FromSeconds(30),
                BreakDuration = TimeSpan.FromSeconds(5),
                ShouldHandle = args => ValueTask.FromResult(IsTransient(args.Outcome)),
            })
            .AddTimeout(TimeSpan.FromSeconds(10))
            .Build();
        builder.AddHttpMessageHandler(() => new ResilienceHandler(pipeline));
        return builder;
    }

    private static readonly ResiliencePropertyKey<HttpMethod> MethodKey = new("http.method");

    private static bool IsIdempotent(ResilienceContext context) =>
        context.Properties.TryGetValue(MethodKey, out var m) && (m == HttpMethod.Get || m == HttpMethod.Head || m == HttpMethod.Put || m == HttpMethod.Delete || m == HttpMethod.Options);

    private static bool IsTransient(Outcome<HttpResponseMessage> outcome) => outcome switch
    {
        { Exception: HttpRequestException or TimeoutRejectedException } => true,
        { Result: { } r } => r.StatusCode is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests || (int)r.StatusCode >= 500,
        _ => false,
    };

    private sealed class ResilienceHandler(ResiliencePipeline<HttpResponseMessage> pipeline) : DelegatingHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var context = ResilienceContextPool.Shared.Get(cancellationToken);
            context.Properties.Set(MethodKey, request.Method);
            try
            {
                return await pipeline.ExecuteAsync(
                    static async (ctx, state) => await state.Handler.SendCore(state.Request, ctx.CancellationToken),
                    context, (Handler: this, Request: request));
            }
            catch (BrokenCircuitException e)
            {
                throw new HttpRequestException($"Circuit open for {request.RequestUri?.Host}: {e.Message}", e, HttpStatusCode.ServiceUnavailable);
            }
            finally
            {
                ResilienceContextPool.Shared.Return(context);
            }
        }

        private Task<HttpResponseMessage> SendCore(HttpRequestMessage request, CancellationToken ct) => base.SendAsync(request, ct);
    }
}
