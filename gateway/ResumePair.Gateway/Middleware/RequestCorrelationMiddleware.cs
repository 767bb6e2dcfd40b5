using System.Diagnostics;

namespace ResumePair.Gateway.Middleware;

/// <summary>
/// Gives every request an <c>X-Request-Id</c> (the caller's, if it sent a sane one), forwards it to
/// the service, returns it with the W3C <c>traceparent</c> of the request, and logs one line per request.
/// </summary>
public sealed class RequestCorrelationMiddleware(RequestDelegate next, ILogger<RequestCorrelationMiddleware> logger, TimeProvider clock)
{
    public const string HeaderName = "X-Request-Id";

    public async Task InvokeAsync(HttpContext context)
    {
        var requestId = context.Request.Headers[HeaderName].ToString();
        if (!IsSane(requestId))
        {
            requestId = Guid.NewGuid().ToString("N");
            context.Request.Headers[HeaderName] = requestId;
        }
        Activity.Current?.SetTag("http.request_id", requestId);
        context.Response.OnStarting(() =>
        {
            context.Response.Headers[HeaderName] = requestId;
            if (Activity.Current is { } activity) context.Response.Headers["traceparent"] = activity.Id;
            return Task.CompletedTask;
        });

        var started = clock.GetTimestamp();
        try
        {
            await next(context);
        }
        finally
        {
            if (!IsProbe(context.Request.Path))
                logger.LogInformation("{Method} {Path} -> {Status} in {Elapsed:0.0} ms (request {RequestId})",
                    context.Request.Method, context.Request.Path.Value, context.Response.StatusCode,
                    clock.GetElapsedTime(started).TotalMilliseconds, requestId);
        }
    }

    private static bool IsSane(string value) =>
        value.Length is > 0 and <= 128 && value.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or ':');

    private static bool IsProbe(PathString path) => path.StartsWithSegments("/health") || path.StartsWithSegments("/alive");
}
