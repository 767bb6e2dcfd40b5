namespace ResumePair.ExportOrchestrator.Jobs;

/// <summary>
/// Exponential backoff with full jitter (AWS architecture blog, "Exponential Backoff And Jitter"): spreading
/// retries uniformly over [0, ceiling) keeps many jobs that failed together (a renderer crash) from
/// retrying together.
/// </summary>
public static class RetryBackoff
{
    /// <param name="failedAttempt">The attempt that just failed, from 1.</param>
    /// <param name="random01">A uniform sample in [0, 1).</param>
    public static TimeSpan Delay(int failedAttempt, TimeSpan baseDelay, TimeSpan maxDelay, double random01) =>
        TimeSpan.FromTicks((long)(Ceiling(failedAttempt, baseDelay, maxDelay).Ticks * random01));

    public static TimeSpan Ceiling(int failedAttempt, TimeSpan baseDelay, TimeSpan maxDelay)
    {
        var exponent = Math.Clamp(failedAttempt - 1, 0, 30);
        var ticks = Math.Min(maxDelay.Ticks, baseDelay.Ticks * Math.Pow(2, exponent));
        return TimeSpan.FromTicks((long)ticks);
    }
}
