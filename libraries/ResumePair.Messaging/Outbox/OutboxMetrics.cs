using System.Diagnostics.Metrics;
using ResumePair.ServiceDefaults.Telemetry;

namespace ResumePair.Messaging.Outbox;

/// <summary>The relay's legs of a message's way from commit to broker (exported with ResumePair's other
/// instruments).</summary>
public static class OutboxMetrics
{
    public const string PickupDelay = "resumepair.outbox.pickup.delay";
    public const string PublishDuration = "resumepair.outbox.publish.duration";

    /// <summary>
    /// Per row: written (its created_at, taken before the writer's commit) → claimed by a relay batch.
    /// </summary>
    public static readonly Histogram<double> Pickup = ResumePairTelemetry.Meter.CreateHistogram<double>(
        PickupDelay,
        "ms",
        "From an outbox row's creation to its publish starting: the writer's commit, a NOTIFY, "
            + "the relay's wake-up and claim"
    );

    /// <summary>Per bus message: publish → broker confirm.</summary>
    public static readonly Histogram<double> Publish = ResumePairTelemetry.Meter.CreateHistogram<double>(
        PublishDuration,
        "ms",
        "One outbox publish until the broker confirmed it"
    );
}
