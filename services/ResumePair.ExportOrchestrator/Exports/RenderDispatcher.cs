using Microsoft.Extensions.Options;
using Npgsql;
using ResumePair.Contracts.Exports;
using ResumePair.ExportOrchestrator.Jobs;
using ResumePair.Messaging.Outbox;

namespace ResumePair.ExportOrchestrator.Exports;

/// <summary>
/// Puts a <see cref="RenderPdfRequested"/> for the job's current attempt into the outbox, in the caller's
/// transaction, with an upload URL that only that attempt can use until the render deadline; a cancel goes to the
/// renderers as <see cref="CancelRender"/>. The engine's remote job types (<see cref="IRemoteJobs"/>) are these
/// renders.
/// </summary>
public sealed class RenderDispatcher(OutboxWriter outbox, FileTokens tokens, IOptions<ExportOptions> options,
    TimeProvider time) : IRemoteJobs
{
    /// <summary>The attempt out (queued or rendering) is cancelled; its late result is ignored anyway.</summary>
    public Task CancelAsync(NpgsqlConnection c, NpgsqlTransaction tx, Job job, string reason, CancellationToken ct)
    {
        var dispatchedAt = new DateTimeOffset(DateTime.SpecifyKind(job.DispatchedAt ?? time.GetUtcNow().UtcDateTime,
            DateTimeKind.Utc));
        return outbox.EnqueueAsync(c, tx, new CancelRender
        {
            JobId = job.Id, Attempt = job.Attempts, Reason = reason,
            Deadline = dispatchedAt + options.Value.TimeoutFor(job.Type),
        }, ct);
    }

    /// <summary>Dispatches attempt <paramref name="attempt"/> of an export_pdf job to the renderers.</summary>
    public Task DispatchAsync(NpgsqlConnection c, NpgsqlTransaction tx, Job job, int attempt, CancellationToken ct) =>
        DispatchAsync(c, tx, job.Id, job.CreatedBy, attempt, JobPayload.Read(job), ct);

    public async Task DispatchAsync(
        NpgsqlConnection c,
        NpgsqlTransaction tx,
        Guid jobId,
        Guid userId,
        int attempt,
        JobPayload payload,
        CancellationToken ct
    )
    {
        using var span = Jobs.Engine.EngineSpans.Start(
            "enqueue",
            jobId,
            attempt,
            "export_pdf",
            System.Diagnostics.ActivityKind.Producer
        );
        var now = time.GetUtcNow();
        var deadline = now + options.Value.RenderDeadline;
        var token = await tokens.CreateAsync(new FileToken(TokenPurpose.Upload, jobId, attempt, deadline), ct);
        await outbox.EnqueueAsync(c, tx, new RenderPdfRequested
        {
            JobId = jobId,
            Attempt = attempt,
            UserId = userId,
            DocumentId = payload.Document.Id,
            DocumentVersion = payload.Document.Version,
            DocumentType = payload.Document.Type,
            Title = payload.Document.Title,
            Data = payload.Document.Data,
            TemplateId = payload.TemplateId,
            PageSize = payload.PageSize,
            Photo = payload.Photo,
            UploadUrl = $"{options.Value.UploadBaseUrl.TrimEnd('/')}/internal/files/{token}",
            Deadline = deadline,
        }, ct);
        await JobStore.MarkDispatchedAsync(c, tx, jobId, attempt, now, ct);
    }
}
