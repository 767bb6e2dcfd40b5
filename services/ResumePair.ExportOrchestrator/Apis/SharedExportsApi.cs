using System.Text.Json;
using Microsoft.Extensions.Options;
using Npgsql;
using ResumePair.Contracts.Exports;
using ResumePair.ExportOrchestrator.Exports;
using ResumePair.ExportOrchestrator.Jobs;
using ResumePair.Documents.Client;
using ResumePair.Web.Internal;

namespace ResumePair.ExportOrchestrator.Apis;

/// <summary>The documents service's request for a published resume's PDF, on the owner's behalf.</summary>
public sealed record SharedPdfRequest(
    DocumentSnapshot? Document,
    string? TemplateId,
    string? PageSize,
    PhotoAsset? Photo
);

/// <summary>
/// <c>POST /internal/v1/users/{userId}/exports/pdf</c> (signed by the documents service, never routed by the gateway):
/// the PDF of a published resume for a visitor. The owner's live export of the same version, template and paper is
/// served again (<see cref="ExportReuse"/>); otherwise one job is created as the owner's (an unfinished identical one
/// is joined) and awaited, so a thousand visitors cost one render. 202 when it is not printed within
/// <see cref="ExportOptions.SharedPdfWait"/>.
/// </summary>
public static class SharedExportsApi
{
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(250);

    public static IEndpointRouteBuilder MapSharedExportsApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/internal/v1/users/{userId:guid}/exports/pdf", GetOrRenderAsync)
            .RequireInternalAuth()
            .ExcludeFromDescription();
        return app;
    }

    public static async Task<IResult> GetOrRenderAsync(
        Guid userId,
        HttpRequest request,
        NpgsqlDataSource db,
        RenderDispatcher dispatcher,
        IOptions<ExportOptions> options,
        TimeProvider time,
        CancellationToken ct
    )
    {
        SharedPdfRequest? body;
        try
        {
            body = await JsonSerializer.DeserializeAsync<SharedPdfRequest>(request.Body, JsonSerializerOptions.Web, ct);
        }
        catch (JsonException)
        {
            body = null;
        }
        if (
            body
            is not {
                Document: { } document,
                TemplateId: { Length: > 0 and <= 100 } template,
                PageSize: "A4" or "Letter"
            }
        )
            return TypedResults.ValidationProblem(
                new Dictionary<string, string[]> { ["body"] = ["Needs document, templateId and pageSize."] }
            );

        var payload = new JobPayload(document, template, body.PageSize, body.Photo);
        var jobId = await FindOrCreateAsync(userId, payload, db, dispatcher, options.Value, time, ct);
        var deadline = time.GetUtcNow() + options.Value.SharedPdfWait;
        while (true)
        {
            var job = await JobStore.GetAsync(db, jobId, ct);
            if (
                job is { Status: JobStatus.Completed, FileKey: { } key }
                && await ExportFileStore.ReadAsync(db, key, ct) is { } pdf
            )
                return TypedResults.Bytes(pdf.Content, "application/pdf");
            if (job is null || job.Status is JobStatus.Failed or JobStatus.DeadLetter or JobStatus.Cancelled)
                return TypedResults.Problem(
                    statusCode: 502,
                    title: "Render failed",
                    detail: job?.Error ?? "The export job is gone."
                );
            if (time.GetUtcNow() >= deadline) return TypedResults.Accepted($"/api/v1/export/job/{jobId}");
            await Task.Delay(Poll, time, ct);
        }
    }

    private static async Task<Guid> FindOrCreateAsync(
        Guid userId,
        JobPayload payload,
        NpgsqlDataSource db,
        RenderDispatcher dispatcher,
        ExportOptions options,
        TimeProvider time,
        CancellationToken ct
    )
    {
        var now = time.GetUtcNow();
        await using var c = await db.OpenConnectionAsync(ct);
        await using var tx = await c.BeginTransactionAsync(ct);
        // The owner's lock: concurrent visitors (and the owner's own requests) see each other's job.
        await JobStore.LockUserAndCountUnfinishedAsync(c, tx, userId, ct);
        var existing = (await ExportReuse.FindAsync(c, tx, userId, payload, now, ct))?.Id
                       ?? await JobStore.FindUnfinishedExportAsync(c, tx, ExportReuse.KeyOf(userId, payload), ct);
        if (existing is { } id)
        {
            await tx.CommitAsync(ct);
            return id;
        }
        var jobId = Guid.CreateVersion7(now);
        await JobStore.InsertAsync(c, tx, jobId, payload.Row(userId), options.MaxAttempts, now, ct);
        await dispatcher.DispatchAsync(c, tx, jobId, userId, attempt: 1, payload, ct);
        await JobStore.LogAsync(
            c,
            tx,
            jobId,
            1,
            "info",
            $"Accepted for a visitor of the published document {payload.Document.Id} v{payload.Document.Version}",
            now,
            ct
        );
        await tx.CommitAsync(ct);
        return jobId;
    }
}
