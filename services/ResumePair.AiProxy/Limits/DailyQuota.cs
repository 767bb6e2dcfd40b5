using System.Security.Claims;
using Microsoft.Extensions.Options;
using ResumePair.ServiceDefaults.Auth;
using ResumePair.Web.RateLimiting;

namespace ResumePair.AiProxy.Limits;

/// <summary>
/// AI requests per user per UTC day, on the shared Postgres limiter (so it holds across replicas and restarts).
/// The limit follows the token's <c>plan</c> claim (<c>Ai:Plans:{plan}</c>, one limiter policy per plan),
/// else <c>Ai:DailyLimit</c>. A request the provider could not answer is given back.
/// </summary>
public sealed class DailyQuota(PostgresRateLimiter limiter, IOptions<AiOptions> options)
{
    public const string DefaultPolicy = "ai-daily";

    public static string PlanPolicy(string plan) => $"{DefaultPolicy}-{plan.ToLowerInvariant()}";

    public string PolicyFor(ClaimsPrincipal user) =>
        user.FindFirstValue("plan") is { Length: > 0 } plan && options.Value.Plans.ContainsKey(plan)
            ? PlanPolicy(plan)
            : DefaultPolicy;

    public Task<RateLimitDecision> TryAcquireAsync(ClaimsPrincipal user, CancellationToken ct) =>
        limiter.TryAcquireAsync(PolicyFor(user), user.UserId().ToString("N"), ct);

    public Task<RateLimitDecision> PeekAsync(ClaimsPrincipal user, CancellationToken ct) =>
        limiter.PeekAsync(PolicyFor(user), user.UserId().ToString("N"), ct);

    /// <summary>Gives back a request the provider failed to answer (even if the caller has gone: it is owed).</summary>
    public Task RefundAsync(ClaimsPrincipal user, RateLimitDecision acquired) =>
        limiter.ReleaseAsync(PolicyFor(user), user.UserId().ToString("N"), acquired, CancellationToken.None);
}
