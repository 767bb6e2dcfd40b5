using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http.HttpResults;
using ResumePair.Documents.Http;
using ResumePair.Web.RateLimiting;

namespace ResumePair.Documents.Accounts;

/// <summary>
/// Limits on the account routes that create accounts or send mail, per client address and per target email, in
/// PostgreSQL (every replica agrees): a burst of registrations, or a dozen resend clicks queueing a dozen mails to one
/// inbox, is refused with 429 + Retry-After. Every answer of these routes carries the RateLimit headers of the
/// tightest limit. Emails are hashed in the counter keys: the table is not a list of addresses.
/// </summary>
public sealed class AccountThrottle(PostgresRateLimiter limiter, ClientAddress clientAddress, TimeProvider clock)
{
    public const string RegisterByAddress = "auth-register-address";
    public const string RegisterByEmail = "auth-register-email";
    public const string ForgotByAddress = "auth-forgot-address";
    public const string ForgotByEmail = "auth-forgot-email";
    public const string ResendByAddress = "auth-resend-address";
    public const string ResendByUser = "auth-resend-user";

    /// <summary>Defaults; <c>RateLimits:Policies:{name}</c> overrides them.</summary>
    public static readonly (string Name, int PermitLimit, TimeSpan Window)[] Policies =
    [
        (RegisterByAddress, 10, TimeSpan.FromMinutes(10)),
        (RegisterByEmail, 3, TimeSpan.FromHours(1)),
        (ForgotByAddress, 10, TimeSpan.FromMinutes(10)),
        (ForgotByEmail, 3, TimeSpan.FromHours(1)),
        (ResendByAddress, 10, TimeSpan.FromMinutes(10)),
        (ResendByUser, 3, TimeSpan.FromHours(1)),
    ];

    public string? Address(HttpContext http) => clientAddress.Of(http);

    /// <summary>Takes a permit of every limit; null when all allow, else the 429 (permits already taken go
    /// back).</summary>
    public async Task<ProblemHttpResult?> TryAcquireAsync(
        HttpContext http,
        params (string Policy, string Partition)[] limits
    )
    {
        var ct = http.RequestAborted;
        var taken = new List<(string Policy, string Partition, RateLimitDecision Decision)>();
        RateLimitDecision? tightest = null;
        foreach (var (policy, partition) in limits)
        {
            var decision = await limiter.TryAcquireAsync(policy, partition, ct);
            if (!decision.Allowed)
            {
                foreach (var (p, key, d) in taken) await limiter.ReleaseAsync(p, key, d, ct);
                RateLimitHeaders.Apply(http.Response, decision, clock);
                var seconds = Math.Max(1, (int)Math.Ceiling(decision.RetryAfter.TotalSeconds));
                return TypedResults.Problem(
                    statusCode: StatusCodes.Status429TooManyRequests,
                    title: "Too many requests",
                    detail: $"Limit of {decision.Limit} reached; try again in {seconds} s.",
                    extensions: new Dictionary<string, object?> { ["policy"] = policy, ["retryAfterSeconds"] = seconds }
                );
            }
            taken.Add((policy, partition, decision));
            if (tightest is null || decision.Remaining < tightest.Remaining) tightest = decision;
        }
        if (tightest is not null) RateLimitHeaders.Apply(http.Response, tightest, clock);
        return null;
    }

    /// <summary>A stable, non-reversible partition for an email address (normalised first).</summary>
    public static string EmailKey(string email) =>
        Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(UserStore.NormalizeEmail(email))))[..32];
}
