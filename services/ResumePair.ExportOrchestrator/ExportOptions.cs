using System.ComponentModel.DataAnnotations;

namespace ResumePair.ExportOrchestrator;

public sealed class ExportOptions
{
    public const string Section = "Export";

    /// <summary>Pending plus processing jobs one user may have; the next request is 429.</summary>
    [Range(1, 100)] public int MaxUnfinishedJobsPerUser { get; set; } = 3;
    public int MaxAttempts { get; set; } = 5;

    /// <summary>Jobs one user may create in a sliding hour (a batch counts each document); the next request is
    /// 429.</summary>
    [Range(1, 100_000)] public int MaxJobsPerUserPerHour { get; set; } = 100;

    /// <summary>Export requests (POST /pdf, POST /batch) per user per minute, enforced by the shared Postgres
    /// limiter.</summary>
    public const string RequestRatePolicy = "export-requests";
    /// <summary>Bytes of live exports one user may hold; the oldest expire first to make room.</summary>
    public long StorageQuotaBytes { get; set; } = 100L * 1024 * 1024;

    /// <summary>Full-jitter exponential backoff between attempts: random(0, min(cap, base * 2^(attempt-1))).</summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(2);
    public TimeSpan RetryMaxDelay { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>How long a renderer has for one attempt (the message's Deadline; the upload token expires with
    /// it).</summary>
    public TimeSpan RenderDeadline { get; set; } = TimeSpan.FromMinutes(15);
    public TimeSpan ExportLifetime { get; set; } = TimeSpan.FromDays(7);
    public TimeSpan DownloadLinkLifetime { get; set; } = TimeSpan.FromMinutes(5);
    public long MaxFileBytes { get; set; } = 20 * 1024 * 1024;

    /// <summary>How long a published resume's PDF request waits for its render before answering 202 (the visitor
    /// retries).</summary>
    public TimeSpan SharedPdfWait { get; set; } = TimeSpan.FromSeconds(45);

    /// <summary>Where renderers PUT files; resolved by service discovery on their side.</summary>
    public string UploadBaseUrl { get; set; } = "http://export-orchestrator";
    public TimeSpan SchedulerInterval { get; set; } = TimeSpan.FromSeconds(1);
    public int RetryAfterSeconds { get; set; } = 10;

    /// <summary>Per job type overrides (<c>Export:Types:export_json:Timeout</c>); a type not listed uses
    /// <see cref="RenderDeadline"/>.</summary>
    public Dictionary<string, JobTypeOptions> Types { get; set; } = new(StringComparer.Ordinal);

    /// <summary>How often a replica's worker heartbeats the jobs it runs (one statement for all of them).</summary>
    public TimeSpan HeartbeatInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>A processing job not heard of for this long (worker crashed or partitioned) goes back to pending,
    /// counting an attempt.</summary>
    public TimeSpan HeartbeatTimeout { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>In-process jobs one replica runs at once.</summary>
    [Range(1, 10_000)] public int WorkerConcurrency { get; set; } = 256;
    /// <summary>Most due jobs one claim statement takes from the table.</summary>
    [Range(1, 10_000)] public int ClaimBatchSize { get; set; } = 250;

    /// <summary>How often an idle worker looks for due jobs without a notification (lost NOTIFY, retries coming
    /// due).</summary>
    public TimeSpan WorkerPollInterval { get; set; } = TimeSpan.FromSeconds(1);
    /// <summary>Most completions of in-process jobs written in one statement and commit.</summary>
    [Range(1, 10_000)] public int CommitBatchSize { get; set; } = 500;
    /// <summary>Completion batches one replica writes at once.</summary>
    [Range(1, 64)] public int CommitConcurrency { get; set; } = 4;

    /// <summary>How long a completion batch waits for more completions once it has one (fewer durable
    /// commits).</summary>
    public TimeSpan CompletionLinger { get; set; } = TimeSpan.FromMilliseconds(10);

    /// <summary>How often the maintenance pass runs (one replica at a time).</summary>
    public TimeSpan MaintenanceInterval { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Finished jobs (and their logs) are deleted this long after finishing, once no live export needs
    /// them.</summary>
    public TimeSpan JobRetention { get; set; } = TimeSpan.FromDays(30);

    /// <summary>Where dead-letter alerts are POSTed (JSON <c>JobDeadLettered</c>); none when empty.</summary>
    public string? DeadLetterWebhookUrl { get; set; }

    public TimeSpan TimeoutFor(string type) =>
        Types.TryGetValue(type, out var t) && t.Timeout is { } timeout ? timeout : RenderDeadline;

    /// <summary>How often an idle SSE stream gets a comment line.</summary>
    public TimeSpan EventsHeartbeatInterval { get; set; } = TimeSpan.FromSeconds(15);
}

public sealed class JobTypeOptions
{
    /// <summary>Run-time limit of one attempt (default 15 minutes,
    /// <see cref="ExportOptions.RenderDeadline"/>).</summary>
    public TimeSpan? Timeout { get; set; }
}
