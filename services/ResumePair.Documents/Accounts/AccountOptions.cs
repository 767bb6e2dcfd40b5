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

    public bool IsAdminEmail(string email) =>
        AdminEmails.Any(a => string.Equals(a.Trim(), email, StringComparison.OrdinalIgnoreCase));

    /// <summary>Failed logins on one account (email) before it is locked.</summary>
    public int MaxFailedLogins { get; set; } = 5;

    /// <summary>Failed logins from one client address (any accounts) before it is locked; higher, since many people
    /// share a NAT.</summary>
    public int MaxFailedLoginsPerAddress { get; set; } = 20;

    /// <summary>The first lockout; each further one doubles it, up to <see cref="MaxLockoutDuration"/>.</summary>
    public TimeSpan LockoutDuration { get; set; } = TimeSpan.FromMinutes(15);

    public TimeSpan MaxLockoutDuration { get; set; } = TimeSpan.FromHours(24);

    /// <summary>Without a failure for this long, an account or address starts with a clean record again.</summary>
    public TimeSpan FailureMemory { get; set; } = TimeSpan.FromHours(24);

    /// <summary>
    /// Proxies whose <c>X-Forwarded-For</c> is believed (the gateway's addresses); loopback is always trusted,
    /// since the gateway runs beside the service. From anyone else the header is ignored.
    /// </summary>
    public string[] KnownProxies { get; set; } = [];

    /// <summary>A signing key signs for this long; then a successor is published and takes over.</summary>
    public TimeSpan SigningKeyLifetime { get; set; } = TimeSpan.FromDays(30);

    /// <summary>
    /// A new key is in the JWKS this long before it signs, so validators that cache the JWKS (other services,
    /// the gateway) already know it when the first token names it. Longer than their refresh interval.
    /// </summary>
    public TimeSpan SigningKeyPublishAhead { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>How often a replica checks whether the signing key is due for rotation.</summary>
    public TimeSpan SigningKeyCheckInterval { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>How often a replica re-reads the signing keys, to see keys another replica created.</summary>
    public TimeSpan SigningKeyCacheDuration { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>A retired key stays in the JWKS this long, so tokens it signed keep validating.</summary>
    public TimeSpan RetiredKeyGracePeriod { get; set; } = TimeSpan.FromHours(1);
}
