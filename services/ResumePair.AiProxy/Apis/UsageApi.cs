using System.Security.Claims;
using ResumePair.AiProxy.Limits;
using ResumePair.AiProxy.Usage;

namespace ResumePair.AiProxy.Apis;

public static class UsageApi
{
    /// <summary>Today's standing without spending a request.</summary>
    public static async Task<IResult> Usage(ClaimsPrincipal user, DailyQuota quota, CancellationToken ct)
    {
        var standing = await quota.PeekAsync(user, ct);
        return Results.Ok(
            new UsageResponse(
                standing.Limit - standing.Remaining,
                standing.Limit,
                standing.Remaining,
                standing.ResetsAt
            )
        );
    }

    /// <summary>The usage ledger summarised for operators: totals and per feature/model, over the last
    /// <paramref name="hours"/> (default 24).</summary>
    public static async Task<IResult> Stats(int? hours, UsageLedger ledger, CancellationToken ct)
    {
        if (hours is < 1 or > 24 * 90)
            return Results.ValidationProblem(
                new Dictionary<string, string[]> { ["hours"] = ["hours must be between 1 and 2160."] }
            );
        return Results.Ok(await ledger.StatsAsync(TimeSpan.FromHours(hours ?? 24), ct));
    }
}
