using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ResumePair.Web.Internal;

/// <summary>
/// Lets a request through only when it carries a valid signature of this exact request (see
/// <see cref="InternalSignature"/>) made within the clock-skew window; otherwise 401. With no key configured it
/// refuses everything: an unconfigured service must not expose its internal routes.
/// The body is read here, before the endpoint, and handed on as a rewound stream: endpoints behind this filter
/// read <see cref="HttpRequest.Body"/> themselves instead of binding a body parameter (binding would run first).
/// </summary>
public sealed class InternalAuthFilter(
    IOptions<InternalAuthOptions> options,
    TimeProvider time,
    ILogger<InternalAuthFilter> logger
) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var request = http.Request;
        var o = options.Value;
        if (string.IsNullOrEmpty(o.Key))
        {
            logger.LogWarning("Internal call to {Path} refused: Internal:Key is not configured", request.Path);
            return Unauthorized("This service has no internal key configured.");
        }
        var presented = request.Headers[InternalSignature.SignatureHeader].ToString();
        if (
            presented.Length == 0
            || !long.TryParse(
                request.Headers[InternalSignature.TimestampHeader],
                NumberStyles.None,
                CultureInfo.InvariantCulture,
                out var timestamp
            )
        )
            return Unauthorized("Internal routes need a signed request.");
        var age = time.GetUtcNow() - DateTimeOffset.FromUnixTimeSeconds(Math.Clamp(timestamp, 0, 253402300799));
        if (age.Duration() > o.ClockSkew) return Unauthorized("The request's signature has expired.");

        var body = await ReadBodyAsync(request, o.MaxBodyBytes, http.RequestAborted);
        var expected = InternalSignature.Compute(
            o.Key,
            request.Method,
            request.Path.ToString() + request.QueryString.ToString(),
            timestamp,
            body
        );
        if (!InternalSignature.Matches(expected, presented))
            return Unauthorized("The request's signature is not valid.");
        return await next(context);
    }

    private static async Task<byte[]> ReadBodyAsync(HttpRequest request, int max, CancellationToken ct)
    {
        if (request.ContentLength > max) throw TooLarge(max);
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, ct)) > 0)
        {
            if (buffer.Length + read > max) throw TooLarge(max);
            buffer.Write(chunk, 0, read);
        }
        var body = buffer.ToArray();
        request.Body = new MemoryStream(body, writable: false);
        return body;
    }

    private static BadHttpRequestException TooLarge(int max) =>
        new($"The request body is larger than {max} bytes.", StatusCodes.Status413PayloadTooLarge);

    private static IResult Unauthorized(string detail) =>
        TypedResults.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "Unauthorized", detail: detail);
}
