namespace ResumePair.Web.RateLimiting;

/// <summary>A named limit: at most <see cref="PermitLimit"/> requests per <see cref="Window"/> per partition (usually a
/// user).</summary>
public sealed class RateLimitPolicy
{
    public int PermitLimit { get; set; }
    public TimeSpan Window { get; set; }
}

/// <summary><c>RateLimits:Policies:{name}</c>; code registers defaults, configuration may override them per environment
/// or plan.</summary>
public sealed class RateLimitOptions
{
    public const string Section = "RateLimits";
    public Dictionary<string, RateLimitPolicy> Policies { get; set; } = new(StringComparer.OrdinalIgnoreCase);
}

public sealed record RateLimitDecision(
    bool Allowed,
    int Limit,
    int Remaining,
    DateTimeOffset ResetsAt,
    TimeSpan RetryAfter
);
