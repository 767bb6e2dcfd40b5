namespace ResumePair.ExportOrchestrator.Jobs;

public static class JobStatus
{
    public const string Pending = "pending";
    public const string Processing = "processing";
    public const string Completed = "completed";
    public const string Failed = "failed";
    public const string Cancelled = "cancelled";
    public const string DeadLetter = "dead_letter";

    public static bool IsUnfinished(string status) => status is Pending or Processing;
}
