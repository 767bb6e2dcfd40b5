namespace ResumePair.Messaging.Outbox;

public sealed class OutboxOptions
{
    public const string Section = "Outbox";

    /// <summary>
    /// False: this process writes outbox rows but never relays them (another replica does). Also how tests and the
    /// soak reproduce "the process died after commit, before publish".
    /// </summary>
    public bool RelayEnabled { get; set; } = true;

    /// <summary>Rows claimed (and published concurrently) per transaction.</summary>
    public int BatchSize { get; set; } = 100;

    /// <summary>
    /// Relay workers in this process, each claiming its own batch (SKIP LOCKED) and awaiting its own confirms, so
    /// one batch's broker confirms and commit do not hold back the next batch's publishes.
    /// </summary>
    public int Concurrency { get; set; } = 4;

    /// <summary>How long the relay sleeps without a NOTIFY before it looks anyway (NOTIFY is lost while the relay
    /// reconnects).</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Upper bound for one publish (including the broker confirm); a broker that is down must not hold the
    /// claim forever.</summary>
    public TimeSpan PublishTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Sent rows are deleted after this long (they only serve inspection).</summary>
    public TimeSpan Retention { get; set; } = TimeSpan.FromDays(3);
}
