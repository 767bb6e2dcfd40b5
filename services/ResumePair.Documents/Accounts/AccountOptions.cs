namespace ResumePair.Documents.Accounts;

/// <summary>Token lifetimes and lockout policy (section <c>Accounts</c>).</summary>
public sealed class AccountOptions
{
    public const string Section = "Accounts";

    public TimeSpan AccessTokenLifetime { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>Sliding: every rotation issues a token valid this long again.</summary>
    public TimeSpan RefreshTokenLifetime { get; set; } = TimeSpan.FromDays(30);

    public int MaxFailedLogins { get; set; } = 5;

    public TimeSpan LockoutDuration { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>How often a replica re-reads the signing keys, to see keys another replica created.</summary>
    public TimeSpan SigningKeyCacheDuration { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>A retired key stays in the JWKS this long, so tokens it signed keep validating.</summary>
    public TimeSpan RetiredKeyGracePeriod { get; set; } = TimeSpan.FromHours(1);
}
