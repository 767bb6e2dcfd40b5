namespace ResumePair.Web.Idempotency;

/// <summary>Section <c>Idempotency</c>.</summary>
public sealed class IdempotencyOptions
{
    public const string Section = "Idempotency";

    /// <summary>How long a key is honoured (public contract: 24 h).</summary>
    public TimeSpan Retention { get; set; } = TimeSpan.FromHours(24);

    /// <summary>The largest request body the filter buffers to hash (larger: 413). Match the route's own
    /// limit.</summary>
    public int MaxBodyBytes { get; set; } = 1024 * 1024;

    /// <summary>How often the sweeper deletes keys older than the retention.</summary>
    public TimeSpan CleanupInterval { get; set; } = TimeSpan.FromHours(1);
}
