namespace ResumePair.Documents.Http;

public static class TimeProviderExtensions
{
    /// <summary>
    /// Now, in UTC, cut to PostgreSQL's microsecond precision, so a value kept in memory equals the one
    /// read back (keyset cursors compare them exactly).
    /// </summary>
    public static DateTime UtcNowForDb(this TimeProvider clock)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        return new DateTime(now.Ticks - now.Ticks % TimeSpan.TicksPerMicrosecond, DateTimeKind.Utc);
    }
}
