namespace ResumePair.AppHost.Processes;

/// <summary>1 s, 2 s, 4 s … at most 30 s between restarts of a crashing process; back to 1 s after 60 s of health.</summary>
public sealed class RestartBackoff
{
    public static readonly TimeSpan First = TimeSpan.FromSeconds(1);
    public static readonly TimeSpan Max = TimeSpan.FromSeconds(30);
    public static readonly TimeSpan ResetAfterHealthy = TimeSpan.FromSeconds(60);

    private TimeSpan _next = First;

    /// <param name="healthyFor">How long the process that just exited had been healthy (zero if never).</param>
    public TimeSpan Next(TimeSpan healthyFor)
    {
        if (healthyFor >= ResetAfterHealthy) _next = First;
        var delay = _next;
        _next = TimeSpan.FromTicks(Math.Min(_next.Ticks * 2, Max.Ticks));
        return delay;
    }
}
