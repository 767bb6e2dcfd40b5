namespace ResumePair.Documents.Accounts;

/// <summary>Token lifetimes and lockout policy (section <c>Accounts</c>).</summary>
public sealed class AccountOptions
{
    public const string Section = "Accounts";

    public TimeSpan AccessTokenLifetime { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>Sliding: every rotation issues a token valid this long again.</summary>
    public TimeSpan RefreshTokenLifetime { get; set; } = TimeSpan.FromDays(30);

    /// <summary>
    /// Addresses that get the <c>admin</c> role (the jobs and operations API), at registration or at their next
    /// login. Configuration, not an API: granting admin must need access to the deployment.
    /// </summary>
    public string[] AdminEmails { get; set; } = [];

    public bool IsAdminEmail(string email) => AdminEmails.Any(a => string.Equals(a.Trim(), email, StringComparison.OrdinalIgnoreCase));

    public int MaxFailedLogins { get; set; } = 5;

    public TimeSpan LockoutDuration { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>How often a replica re-reads the signing keys, to see keys another replica created.</summary>
    public TimeSpan SigningKeyCacheDuration { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>A retired key stays in the JWKS this long, so tokens it signed keep validating.</summary>
    public TimeSpan RetiredKeyGracePeriod { get; set; } = TimeSpan.FromHours(1);
}
