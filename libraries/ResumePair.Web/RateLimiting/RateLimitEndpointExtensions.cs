using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using ResumePair.ServiceDefaults.Auth;
using ResumePair.ServiceDefaults.Localization;

namespace ResumePair.Web.RateLimiting;

public static class RateLimitEndpointExtensions
{
    /// <summary>Registers the limiter with default policies; <c>RateLimits:Policies:{name}</c> in configuration
    /// overrides them.</summary>
    public static IHostApplicationBuilder AddUserRateLimits(
        this IHostApplicationBuilder builder,
        params (string Name, int PermitLimit, TimeSpan Window)[] defaults
    )
    {
        builder
            .Services.AddOptions<RateLimitOptions>()
            .Configure(o =>
            {
                foreach (var (name, limit, window) in defaults)
                    o.Policies[name] = new RateLimitPolicy { PermitLimit = limit, Window = window };
            })
            .Bind(builder.Configuration.GetSection(RateLimitOptions.Section));
        builder.Services.AddSingleton<PostgresRateLimiter>();
        builder.Services.AddHostedService<RateLimitPurger>();
        builder.Services.AddServerTexts<WebTexts>();
        return builder;
    }

    /// <summary>
    /// Limits the signed-in user on this endpoint: 429 problem with Retry-After when over, and the
    /// RateLimit-Limit / -Remaining / -Reset headers on every answer.
    /// </summary>
    public static TBuilder RequireUserRateLimit<TBuilder>(this TBuilder builder, string policyName)
        where TBuilder : IEndpointConventionBuilder =>
        builder
            .AddEndpointFilter(
                async (context, next) =>
                {
                    var http = context.HttpContext;
                    var limiter = http.RequestServices.GetRequiredService<PostgresRateLimiter>();
                    var decision = await limiter.TryAcquireAsync(
                        policyName,
                        http.User.UserId().ToString("N"),
                        http.RequestAborted
                    );
                    RateLimitHeaders.Apply(
                        http.Response,
                        decision,
                        http.RequestServices.GetRequiredService<TimeProvider>()
                    );
                    return decision.Allowed
                        ? await next(context)
                        : RateLimitHeaders.TooManyRequests(decision, policyName);
                }
            )
            .WithMetadata(ServiceDefaults.OpenApi.RateLimitedMetadata.Instance);
}

public static class RateLimitHeaders
{
    public static void Apply(HttpResponse response, RateLimitDecision decision, TimeProvider clock)
    {
        response.Headers["RateLimit-Limit"] = decision.Limit.ToString();
        response.Headers["RateLimit-Remaining"] = decision.Remaining.ToString();
        response.Headers["RateLimit-Reset"] = Seconds(decision.ResetsAt - clock.GetUtcNow()).ToString();
        if (!decision.Allowed) response.Headers.RetryAfter = Seconds(decision.RetryAfter).ToString();
    }

    public static IResult TooManyRequests(RateLimitDecision decision, string policyName) =>
        Results.Problem(
            statusCode: StatusCodes.Status429TooManyRequests,
            title: "Too many requests",
            detail: $"Limit of {decision.Limit} reached; try again in {Seconds(decision.RetryAfter)} s.",
            extensions: new Dictionary<string, object?>
            {
                ["policy"] = policyName,
                ["retryAfterSeconds"] = Seconds(decision.RetryAfter),
            }
        );

    private static int Seconds(TimeSpan span) => Math.Max(1, (int)Math.Ceiling(span.TotalSeconds));
}
