using Microsoft.Extensions.Options;

namespace ResumePair.Web.Internal;

/// <summary>
/// Signs every request of an HttpClient for another service's internal routes. It sits inside the retry
/// pipeline, so each attempt carries a fresh timestamp.
/// </summary>
public sealed class InternalSigningHandler(IOptions<InternalAuthOptions> options, TimeProvider time) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(
        HttpRequestMessage request,
        CancellationToken cancellationToken
    )
    {
        var key = options.Value.Key;
        if (string.IsNullOrEmpty(key))
            throw new InvalidOperationException("Internal:Key is not configured, so internal calls cannot be signed.");
        // ReadAsByteArrayAsync buffers the content, so it can still be sent (and re-sent by a retry) afterwards.
        var body = request.Content is null ? [] : await request.Content.ReadAsByteArrayAsync(cancellationToken);
        var timestamp = time.GetUtcNow().ToUnixTimeSeconds();
        var signature = InternalSignature.Compute(
            key,
            request.Method.Method,
            request.RequestUri!.PathAndQuery,
            timestamp,
            body
        );
        request.Headers.Remove(InternalSignature.TimestampHeader);
        request.Headers.Remove(InternalSignature.SignatureHeader);
        request.Headers.Add(
            InternalSignature.TimestampHeader,
            timestamp.ToString(System.Globalization.CultureInfo.InvariantCulture)
        );
        request.Headers.Add(InternalSignature.SignatureHeader, signature);
        return await base.SendAsync(request, cancellationToken);
    }
}
