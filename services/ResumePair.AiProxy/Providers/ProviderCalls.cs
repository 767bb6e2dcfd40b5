using Polly.CircuitBreaker;
using Polly.Timeout;

namespace ResumePair.AiProxy.Providers;

/// <summary>
/// One vendor call under the vendor pipeline (<see cref="VendorResilience"/>, on the provider's HttpClient): answers
/// the successful response (the caller disposes it) or throws <see cref="ProviderUnavailableException"/>, with the
/// vendor's Retry-After when it gave one. Cancellation by the caller propagates as such. Only the wait for the
/// response headers runs inside the pipeline; a streamed body is read afterwards under the caller's token.
/// </summary>
public sealed class ProviderCalls(ILogger<ProviderCalls> logger)
{
    public async Task<HttpResponseMessage> SendAsync(
        HttpClient http,
        HttpRequestMessage request,
        string vendor,
        CancellationToken ct
    )
    {
        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct);
        }
        catch (BrokenCircuitException e)
        {
            throw new ProviderUnavailableException(
                $"The AI provider ({vendor}) is failing; requests are paused for a moment.",
                e.RetryAfter,
                e
            );
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
            var retryAfter = VendorResilience.RetryAfter(response);
            var status = (int)response.StatusCode;
            // The body may say why (bad model name, bad key); it never carries our key, so it is safe to log.
            var body = await SafeReadAsync(response, ct);
            logger.LogWarning("Provider {Vendor} answered {Status}: {Body}", vendor, status, body);
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
}
