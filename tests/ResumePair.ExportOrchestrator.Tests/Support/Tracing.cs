using System.Diagnostics;

namespace ResumePair.ExportOrchestrator.Tests.Support;

/// <summary>
/// Makes every ActivitySource in the test process record, as the services' tracer provider does, so MassTransit
/// creates its send/consume activities (and propagates trace context) in tests that build a bare bus.
/// </summary>
public static class Tracing
{
    private static readonly ActivityListener Listener = new()
    {
        ShouldListenTo = _ => true,
        Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
    };

    private static int _started;

    public static void EnsureListening()
    {
        if (Interlocked.Exchange(ref _started, 1) == 0) ActivitySource.AddActivityListener(Listener);
    }
}
