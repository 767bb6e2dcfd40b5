using ResumePair.AiProxy.Features;
using ResumePair.AiProxy.Limits;
using ResumePair.AiProxy.Providers;
using ResumePair.ServiceDefaults.Auth;
using ResumePair.Web.RateLimiting;
using ResumePair.ServiceDefaults.Localization;

namespace ResumePair.AiProxy.Apis;

/// <summary>
/// Runs a feature's prompt for the signed-in user: daily quota, cache (skipped with <c>?fresh=true</c>: Regenerate),
/// provider (streamed when the client asks for text/event-stream), and the mapping of failures to problems — 429
/// (quota, budget), 502 (invalid output after the repair attempt), 503 (provider down or circuit open). A request the
/// provider could not answer does not count against the daily quota.
/// </summary>
public static class AiResponder
{
    public const string RemainingHeader = "X-AI-Remaining-Today";
    public const string CacheHeader = "X-AI-Cache";

    public static async Task<IResult> RespondAsync(
        HttpContext http,
        AiPrompt prompt,
        Func<string, string?>? validate,
        Func<string, object> shape,
        IAnswerReview? review = null
    )
    {
        var services = http.RequestServices;
        var quota = services.GetRequiredService<DailyQuota>();
        var runner = services.GetRequiredService<AiRunner>();
        var clock = services.GetRequiredService<TimeProvider>();
        var ct = http.RequestAborted;
        var user = http.User;
        var userId = user.UserId();

        // "Regenerate": the user asked for a new answer, so the provider is asked even when an identical request is
        // cached (the new answer then replaces the cached one). A query parameter, not Cache-Control: browsers send
        // Cache-Control: no-cache on every fetch made with cache: "no-store", which the web app uses for all calls.
        if (!TryReadFresh(http.Request, out var fresh))
            return Results.ValidationProblem(
                new Dictionary<string, string[]> { [FreshParameter] = ["Must be true or false."] }
            );

        var allowance = await quota.TryAcquireAsync(user, ct);
        http.Response.Headers[RemainingHeader] = allowance.Remaining.ToString();
        if (!allowance.Allowed)
        {
            RateLimitHeaders.Apply(http.Response, allowance, clock);
            return RateLimitHeaders.TooManyRequests(allowance, quota.PolicyFor(user));
        }

        async Task Refund()
        {
            await quota.RefundAsync(user, allowance);
            if (!http.Response.HasStarted)
                http.Response.Headers[RemainingHeader] = (allowance.Remaining + 1).ToString();
        }

        var sse = SseWriter.Wanted(http.Request) ? new SseWriter(http.Response) : null;
        try
        {
            var cached = fresh ? null : await runner.FromCacheAsync(prompt, userId, ct);
            http.Response.Headers[CacheHeader] = fresh ? "bypass" : cached is null ? "miss" : "hit";
            if (sse is null)
            {
                var answer = cached ?? await runner.AskAsync(prompt, userId, validate, null, ct, review);
                return Results.Ok(shape(answer.Text));
            }
            if (cached is not null) await sse.TokenAsync(cached.Text, ct);
            var streamed = cached
                ?? await runner.AskAsync(prompt, userId, validate, token => sse.TokenAsync(token, ct), ct, review);
            await sse.EventAsync("result", shape(streamed.Text), ct);
            return Results.Empty;
        }
        catch (ProviderUnavailableException e)
        {
            await Refund();
            if (e.RetryAfter is { } wait)
                http.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds)).ToString();
            return await Fail(http, sse, 503, "AI provider unavailable", e.Message, ct);
        }
        catch (BudgetExhaustedException e)
        {
            await Refund();
            var seconds = Math.Max(1, (int)Math.Ceiling(e.RetryAfter.TotalSeconds));
            http.Response.Headers.RetryAfter = seconds.ToString();
            return await Fail(
                http,
                sse,
                429,
                "AI capacity reached",
                $"The AI service is at its capacity for this minute; try again in {seconds} s.",
                ct
            );
        }
        catch (InvalidModelOutputException e)
        {
            await Refund();
            return await Fail(
                http,
                sse,
                502,
                "Invalid AI output",
                "The AI returned data that does not match the schema, also after a repair attempt; nothing was used. "
                    + $"({e.Message})",
                ct
            );
        }
    }

    /// <summary>The query parameter that asks for a fresh answer (<c>?fresh=true</c>).</summary>
    public const string FreshParameter = "fresh";

    private static bool TryReadFresh(HttpRequest request, out bool fresh)
    {
        fresh = false;
        if (!request.Query.TryGetValue(FreshParameter, out var values)) return true;
        return values.Count == 1 && bool.TryParse(values[0], out fresh);
    }

    private static async Task<IResult> Fail(
        HttpContext http,
        SseWriter? sse,
        int status,
        string title,
        string detail,
        CancellationToken ct
    )
    {
        if (sse is not { Started: true }) return Results.Problem(statusCode: status, title: title, detail: detail);
        // Tokens are already out: the status line is gone, so the failure travels as the stream's last event (in the
        // request's language, like every problem).
        var texts = http.RequestServices.GetRequiredService<ServerTexts>();
        await sse.EventAsync("error", new
        {
            type = $"https://httpstatuses.io/{status}", title = texts.Localize(title), status,
            detail = texts.Localize(detail), traceId = http.TraceIdentifier,
        }, ct);
        return Results.Empty;
    }
}
