using System.Net.Sockets;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http.Resilience;
using Polly;

namespace ResumePair.ServiceDefaults.Http;

/// <summary>
/// A client of another ResumePair service: Microsoft.Extensions.Http.Resilience's standard pipeline around
/// Microsoft.Extensions.ServiceDiscovery, which resolves <c>http://{service}</c> from
/// <c>services__{name}__http__{i}</c> round robin. Discovery sits inside the retry, so every attempt goes to the next
/// replica. The retry is told two things the library cannot know: a refused connection never reached the replica (its
/// process is gone), so it is retried at once whatever the method; other transient failures are retried only for
/// methods safe to repeat.
/// </summary>
public static class ServiceClientExtensions
{
    /// <param name="totalTimeout">The whole call, retries included.</param>
    /// <param name="retryTransient">False leaves only the retry of refused connections (for a call whose retry
    /// belongs to its caller, e.g. a job's next attempt).</param>
    public static IHttpClientBuilder AddServiceResilience(this IHttpClientBuilder http, TimeSpan totalTimeout,
        bool retryTransient = true)
    {
        http.AddStandardResilienceHandler(o =>
        {
            o.TotalRequestTimeout.Timeout = totalTimeout;
            if (o.AttemptTimeout.Timeout > totalTimeout)
                o.AttemptTimeout.Timeout = totalTimeout;
            // The library requires the breaker's sampling window to cover at least two attempts.
            if (o.CircuitBreaker.SamplingDuration < 2 * o.AttemptTimeout.Timeout)
                o.CircuitBreaker.SamplingDuration = 2 * o.AttemptTimeout.Timeout;
            o.Retry.Delay = TimeSpan.FromMilliseconds(200);
            o.Retry.ShouldHandle = args =>
                ValueTask.FromResult(
                    IsRefused(args.Outcome)
                        || (
                            retryTransient
                            && IsSafe(args.Context)
                            && HttpClientResiliencePredicates.IsTransient(args.Outcome)
                        )
                );
            o.Retry.DelayGenerator = args =>
                ValueTask.FromResult<TimeSpan?>(IsRefused(args.Outcome) ? TimeSpan.Zero : null);
        });
        http.AddServiceDiscovery();
        return http;
    }

    private static bool IsRefused(Outcome<HttpResponseMessage> outcome) =>
        outcome.Exception
            is HttpRequestException
            {
                InnerException: SocketException { SocketErrorCode: SocketError.ConnectionRefused }
            };

    private static bool IsSafe(ResilienceContext context) =>
        context.GetRequestMessage()?.Method is { } m
        && (
            m == HttpMethod.Get
            || m == HttpMethod.Head
            || m == HttpMethod.Put
            || m == HttpMethod.Delete
            || m == HttpMethod.Options
        );
}
