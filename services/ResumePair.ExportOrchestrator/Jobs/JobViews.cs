using System.Text.Json;
using ResumePair.ServiceDefaults.Localization;

namespace ResumePair.ExportOrchestrator.Jobs;

/// <summary>A job as its owner sees it (GET /api/v1/export/job/{id}, its SSE events, command answers).</summary>
/// <param name="Result">A completed job's product when it is not a file (an import's <c>{documentId}</c>).</param>
public sealed record JobView(
    Guid JobId, string Status, int Progress, string? ProgressMessage, int Attempts, int MaxAttempts, string? Error,
    DateTimeOffset CreatedAt, DateTimeOffset? StartedAt, DateTimeOffset? CompletedAt, DateTimeOffset? ExpiresAt,
    string? DownloadUrl, JsonElement? Result = null);

public static class JobViews
{
    /// <summary>
    /// The job for its owner: the stage and failure texts stored in the row (as the engine and renderers write them, in
    /// English) in the request's language, so a job reads in whichever language its reader asks for.
    /// </summary>
    public static JobView ToView(Job job, ServerTexts texts) => ToView(job) with
    {
        ProgressMessage = texts.LocalizeOrNull(job.ProgressMessage), Error = texts.LocalizeOrNull(job.Error),
    };

    /// <summary>The job as stored (operators read the engine's own words).</summary>
    public static JobView ToView(Job job)
    {
        var completed = job.Status == JobStatus.Completed;
        return new JobView(
            job.Id, job.Status, job.ProgressPercentage, job.ProgressMessage, job.Attempts, job.MaxAttempts, job.Error,
            Utc(job.CreatedAt), UtcOrNull(job.StartedAt), UtcOrNull(job.CompletedAt), UtcOrNull(job.ExpiresAt),
            // A job that produced a file is downloaded; one that produced something else (an import: a resume) says
            // what in its result.
            completed && job.FileKey is not null ? $"/api/v1/export/download/{job.Id}" : null,
            completed && job.FileKey is null && job.Result is { } result ? Parse(result) : null);
    }

    private static JsonElement? Parse(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.ValueKind == JsonValueKind.Null ? null : document.RootElement.Clone();
    }

    public static DateTimeOffset Utc(DateTime value) => new(DateTime.SpecifyKind(value, DateTimeKind.Utc));
    public static DateTimeOffset? UtcOrNull(DateTime? value) => value is { } v ? Utc(v) : null;
}
