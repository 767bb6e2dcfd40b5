using System.Text.Json;
using Npgsql;
using ResumePair.ExportOrchestrator.Jobs;
using ResumePair.ExportOrchestrator.Jobs.Engine;

namespace ResumePair.ExportOrchestrator.Exports;

/// <summary>What an export_json job carries: the JSON Resume snapshotted at request time (the user's token is not
/// around later).</summary>
public sealed record ExportJsonPayload(Guid DocumentId, string Title, JsonElement Resume);

/// <summary>export_json: stores the snapshotted JSON Resume as the export's file (served and expiring like a
/// PDF).</summary>
public sealed class ExportJsonHandler(NpgsqlDataSource db, TimeProvider time) : IJobHandler
{
    public const string JobType = "export_json";
    public string Type => JobType;

    public async Task<JobOutcome> RunAsync(JobContext job, CancellationToken ct)
    {
        var payload = JsonSerializer.Deserialize<ExportJsonPayload>(job.Payload, JsonSerializerOptions.Web)
                      ?? throw new PermanentJobException("The job has no payload.");
        var content = JsonSerializer.SerializeToUtf8Bytes(
            payload.Resume,
            new JsonSerializerOptions { WriteIndented = true }
        );
        var key = FileKeys.For(job.JobId, job.Attempt, "json");
        // Idempotent per attempt, like a renderer's PUT.
        await ExportFileStore.PutAsync(db, key, content, "application/json", time.GetUtcNow(), ct);
        return new JobOutcome(
            JsonSerializer.Serialize(new { sizeBytes = content.Length, format = "json-resume" }),
            key,
            content.Length
        );
    }
}
