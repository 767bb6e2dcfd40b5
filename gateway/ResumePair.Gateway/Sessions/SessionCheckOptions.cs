namespace ResumePair.Gateway.Sessions;

public sealed class SessionCheckOptions
{
    public const string Section = "SessionCheck";

    /// <summary>
    /// How long a replica believes a live answer. A sign-out through this replica ends the session here at once;
    /// on other replicas within this time. Revoked answers are kept until any token of the session has expired.
    /// </summary>
    public TimeSpan LiveFor { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>An access token's lifetime plus clock skew: after that no token of a revoked session is valid.</summary>
    public TimeSpan RevokedFor { get; set; } = TimeSpan.FromMinutes(16);
}
