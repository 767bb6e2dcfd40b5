using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace ResumePair.ServiceDefaults.Http;

/// <summary>
/// Every process adds its own time for a request to the response's <c>Server-Timing</c> header as
/// <c>{service};dur={ms}</c>, after whatever the service it called put there (the gateway passes the documents
/// service's entry on and adds its own), so a client, the browser's developer tools or a benchmark can tell where a
/// request's time went: in the service, added by the gateway, or outside both. Measured from when the request enters
/// the pipeline to when the response starts.
/// </summary>
public static class ServerTiming
{
    public const string HeaderName = "Server-Timing";

    public static IApplicationBuilder UseServerTiming(this IApplicationBuilder app, string serviceName)
    {
        var clock = app.ApplicationServices.GetRequiredService<TimeProvider>();
        return app.Use(
            (context, next) =>
            {
                var started = clock.GetTimestamp();
                context.Response.OnStarting(() =>
                {
                    var ms = clock.GetElapsedTime(started).TotalMilliseconds;
                    context.Response.Headers.Append(
                        HeaderName,
                        string.Create(CultureInfo.InvariantCulture, $"{serviceName};dur={ms:0.00}")
                    );
                    return Task.CompletedTask;
                });
                return next(context);
            }
        );
    }
}
