namespace ResumePair.Web.Internal;

/// <summary>Section <c>Internal</c>: the shared secret that signs service-to-service calls (<c>Internal__Key</c>, set
/// by the AppHost).</summary>
public sealed class InternalAuthOptions
{
    public const string Section = "Internal";

    /// <summary>Any string; the AppHost generates a random one per run. Without it internal routes answer 401 to
    /// everyone.</summary>
    public string? Key { get; set; }

    /// <summary>How far a request's timestamp may be from our clock (either way) and still be accepted.</summary>
    public TimeSpan ClockSkew { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>The largest body a signed route hashes (larger: 413).</summary>
    public int MaxBodyBytes { get; set; } = 2 * 1024 * 1024;
}
