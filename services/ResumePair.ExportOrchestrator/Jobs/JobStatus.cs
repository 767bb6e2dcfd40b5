namespace ResumePair.ExportOrchestrator.Jobs;

public static class JobStatus
{
    public const string Pending = "pending";
    public const string Processing = "processing";
    public const string Completed = "completed";
    public const string Failed = "failed";
    public const string Cancelled = "cancelled";
    public const string DeadLetter = "dead_letter";

    /// <summary>
    /// The terminal states as an SQL list, for "unfinished" in statements that join job ids to an array:
    /// <c>status NOT IN (…)</c> finds the rows through the primary key, whereas <c>status IN ('pending',
    /// 'processing')</c> matches the partial indexes on unfinished jobs, which the planner then scans whole — their
    /// statistics count the few live rows, but they hold every dead entry until vacuum (measured: 1,570–4,286 entries
    /// and 58–112 heap pages read to claim or complete 3–5 jobs).
    /// </summary>
    public const string TerminalSql = "'completed', 'failed', 'cancelled', 'dead_letter'";

    /// <summary>
    /// "Any status", written so the planner can reach all of a user's jobs through the two partial per-user indexes
    /// (<c>jobs_unfinished_by_user</c> and <c>jobs_created_finished</c>, migration 0018) combined by a BitmapOr: no
    /// index holds every job of a user, since unfinished jobs stay out of the history indexes.
    /// </summary>
    public const string AnySql = "(status IN ('pending', 'processing') OR status NOT IN ('pending', 'processing'))";

    /// <summary><see cref="AnySql"/> for a qualified column (<c>j.status</c>).</summary>
    public static string AnyOf(string column) => AnySql.Replace("status", column, StringComparison.Ordinal);

    public static bool IsUnfinished(string status) => status is Pending or Processing;
}
