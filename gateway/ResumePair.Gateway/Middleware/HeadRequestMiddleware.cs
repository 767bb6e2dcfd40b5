namespace ResumePair.Gateway.Middleware;

/// <summary>
/// HEAD works wherever GET does (RFC 9110 §9.3.2): the services map GET only, so a HEAD is routed and forwarded as a
/// GET, and the body of the answer is dropped here: the client gets the status and headers (ETag, Content-Length).
/// </summary>
public sealed class HeadRequestMiddleware(RequestDelegate next)
{
    public async Task InvokeAsync(HttpContext context)
    {
        if (!HttpMethods.IsHead(context.Request.Method))
        {
            await next(context);
            return;
        }
        context.Request.Method = HttpMethods.Get;
        var body = context.Response.Body;
        context.Response.Body = Stream.Null;
        try
        {
            await next(context);
        }
        finally
        {
            context.Response.Body = body;
            context.Request.Method = HttpMethods.Head;
        }
    }
}
