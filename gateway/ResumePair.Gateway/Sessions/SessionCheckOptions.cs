namespace ResumePair.Gateway.Sessions;

public sealed class SessionCheckOptions
{
    public const string Section = "SessionCheck";

    /// <summary>How often a replica reads the documents service's feed of ended sessions.</summary>
    public TimeSpan FeedInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// The feed counts as current this long after the start of its last successful read: a session ended elsewhere is
    /// refused at most this late. Past it (the feed unreachable, or not read yet after a start) each session is looked
    /// up on its own again, as <see cref="LiveFor"/> says.
    /// </summary>
    public TimeSpan FeedStaleAfter { get; set; } = TimeSpan.FromSeconds(3);

    /// <summary>
    /// Without a current feed: how long a replica believes a live answer. A sign-out through this replica ends the
    /// session here at once; on other replicas within this time.
    /// </summary>
    public TimeSpan LiveFor { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>An access token's lifetime plus clock skew: after that no token of a revoked session is
    /// valid.</summary>
    public TimeSpan RevokedFor { get; set; } = TimeSpan.FromMinutes(16);
}
