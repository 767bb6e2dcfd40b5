namespace ResumePair.ExportOrchestrator.Jobs.Engine;

/// <summary>
/// A job type run inside the orchestrator (export_pdf is not one: renderers run it). Handlers are registered
/// by <see cref="Type"/>; the engine claims, heartbeats, times out, fences and completes around them.
/// </summary>
public interface IJobHandler
{
    string Type { get; }

    /// <returns>What to record on the completed job.</returns>
    Task<JobOutcome> RunAsync(JobContext job, CancellationToken ct);
}

/// <param name="Payload">The job's payload (jsonb, as text).</param>
public sealed record JobContext(Guid JobId, int Attempt, Guid CreatedBy, string Payload);

/// <summary>A completed job's result; a file already stored under <see cref="FileKey"/> makes the job an
/// export.</summary>
public sealed record JobOutcome(
    string? ResultJson = null,
    string? FileKey = null,
    long? SizeBytes = null,
    int? Pages = null
);

/// <summary>Thrown by a handler for errors a retry cannot fix (missing document, invalid data, permission): the job
/// fails at once.</summary>
public sealed class PermanentJobException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>
/// Retryable or permanent: permanent errors are declared (<see cref="PermanentJobException"/>, bad input);
/// everything else — timeouts, crashes, storage and network hiccups — is worth another attempt.
/// </summary>
public static class JobErrors
{
    public static bool IsRetryable(Exception e) =>
        e is not (PermanentJobException or ArgumentException or FormatException or System.Text.Json.JsonException);
}

public sealed class JobHandlerRegistry(IEnumerable<IJobHandler> handlers)
{
    private readonly Dictionary<string, IJobHandler> _byType = handlers.ToDictionary(
        h => h.Type,
        StringComparer.Ordinal
    );

    /// <summary>The job types this process runs itself (its workers claim only these).</summary>
    public string[] Types => _byType.Keys.ToArray();

    public bool TryGet(string type, out IJobHandler handler) => _byType.TryGetValue(type, out handler!);

    public bool Runs(string type) => _byType.ContainsKey(type);
}
