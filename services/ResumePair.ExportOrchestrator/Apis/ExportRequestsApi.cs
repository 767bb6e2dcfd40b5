using Microsoft.Extensions.Options;
using Npgsql;
using ResumePair.Contracts.Exports;
using ResumePair.Documents.Client;
using ResumePair.ExportOrchestrator.Exports;
using ResumePair.ExportOrchestrator.Jobs;
using ResumePair.ExportOrchestrator.Jobs.Engine;
using ResumePair.Web.Idempotency;
using ResumePair.Web.RateLimiting;
using ResumePair.ServiceDefaults.Auth;

namespace ResumePair.ExportOrchestrator.Apis;

/// <summary>
/// POST /pdf and POST /batch: snapshot the documents (with the caller's token, so ownership is enforced by the
/// documents service), then create every job in one transaction with its outbox message: all or nothing.
/// <c>Idempotency-Key</c> is the shared filter's (<c>WithIdempotency</c> on the routes): a replay never reaches these.
/// </summary>
public static class ExportRequestsApi
{
    private static readonly string[] PageSizes = ["A4", "Letter"];
    public const int MaxBatchSize = 10;

    public static IEndpointRouteBuilder MapExportRequestsApi(this IEndpointRouteBuilder app)
    {
        var user = app.MapGroup("/api/v1/export").WithTags("Exports").RequireAuthorization();
        user.MapPost("/pdf", RequestPdf).WithIdempotency().RequireUserRateLimit(ExportOptions.RequestRatePolicy);
        user.MapPost("/json", RequestJson).WithIdempotency().RequireUserRateLimit(ExportOptions.RequestRatePolicy);
        user.MapPost("/batch", RequestBatch).WithIdempotency().RequireUserRateLimit(ExportOptions.RequestRatePolicy);
        return app;
    }

    public static async Task<IResult> RequestPdf(
        ExportPdfRequest request,
        HttpContext http,
        DocumentsClient documents,
        NpgsqlDataSource db,
        RenderDispatcher dispatcher,
        IOptions<ExportOptions> options,
        TimeProvider time,
        CancellationToken ct
    )
    {
        var errors = Validate(request.TemplateId, request.PageSize);
        if (request.DocumentId == Guid.Empty) errors["documentId"] = ["documentId is required."];
        if (request.Version is < 1) errors["version"] = ["version must be a positive number."];
        if (errors.Count > 0) return TypedResults.ValidationProblem(errors);
        return await CreateAsync(
            http,
            [new(request.DocumentId, request.Version, request.TemplateId!, request.PageSize!)],
            batch: false,
            documents,
            db,
            dispatcher,
            options.Value,
            time,
            ct
        );
    }

    public static async Task<IResult> RequestBatch(
        ExportBatchRequest request,
        HttpContext http,
        DocumentsClient documents,
        NpgsqlDataSource db,
        RenderDispatcher dispatcher,
        IOptions<ExportOptions> options,
        TimeProvider time,
        CancellationToken ct
    )
    {
        // One template and size, or several (variants): every document in every variant, as one all-or-nothing batch.
        var variants = request.Variants ?? [new ExportVariant(request.TemplateId, request.PageSize)];
        var errors = request.Variants is null ? Validate(request.TemplateId, request.PageSize) : [];
        if (request.Variants is { Length: 0 })
            errors["variants"] = ["variants must name at least one template and page size."];
        for (var i = 0; request.Variants is not null && i < variants.Length; i++)
            foreach (var (field, problem) in Validate(variants[i].TemplateId, variants[i].PageSize))
                errors[$"variants[{i}].{field}"] = problem;
        if (variants.Distinct().Count() != variants.Length)
            errors["variants"] = ["variants must not repeat a template and page size."];
        var ids = request.DocumentIds ?? [];
        if (ids.Length == 0) errors["documentIds"] = ["documentIds must name at least one document."];
        else if (ids.Length > MaxBatchSize) errors["documentIds"] = [$"At most {MaxBatchSize} documents per batch."];
        else if (ids.Any(id => id == Guid.Empty)) errors["documentIds"] = ["documentIds must be document ids."];
        else if (ids.Distinct().Count() != ids.Length)
            errors["documentIds"] = ["documentIds must not repeat a document."];
        else if (ids.Length * variants.Length > MaxBatchSize)
            errors[request.Variants is null ? "documentIds" : "variants"] =
            [
                $"At most {MaxBatchSize} exports (documents × variants) per batch.",
            ];
        if (errors.Count > 0) return TypedResults.ValidationProblem(errors);
        var targets = ids.SelectMany(id => variants.Select(v => new Target(id, null, v.TemplateId!, v.PageSize!)))
            .ToList();
        return await CreateAsync(http, targets, batch: true, documents, db, dispatcher, options.Value, time, ct);
    }

    /// <summary>POST /json {documentId}: an export_json job (JSON Resume, snapshotted now, stored and downloaded like a
    /// PDF).</summary>
    public static async Task<IResult> RequestJson(
        ExportJsonRequest request,
        HttpContext http,
        DocumentsClient documents,
        NpgsqlDataSource db,
        JobEnqueuer enqueuer,
        IOptions<ExportOptions> options,
        TimeProvider time,
        CancellationToken ct
    )
    {
        if (request.DocumentId == Guid.Empty)
            return TypedResults.ValidationProblem(
                new Dictionary<string, string[]> { ["documentId"] = ["documentId is required."] }
            );
        var userId = http.User.UserId();
        var (outcome, resume) = await documents.GetJsonResumeAsync(
            request.DocumentId,
            http.Request.Headers.Authorization,
            ct
        );
        if (outcome == DocumentLookup.Unauthorized)
            return TypedResults.Problem(
                statusCode: 401,
                title: "Unauthorized",
                detail: "The session is no longer valid."
            );
        if (resume is not { } json) return ApiResults.NotFound($"Resume {request.DocumentId} not found.");
        var title =
            json.TryGetProperty("basics", out var basics) && basics.TryGetProperty("name", out var name)
                ? name.GetString() ?? "resume"
                : "resume";

        var payload = System.Text.Json.JsonSerializer.Serialize(new ExportJsonPayload(request.DocumentId, title, json),
            System.Text.Json.JsonSerializerOptions.Web);
        var job = new NewJobRow(ExportJsonHandler.JobType, payload, userId)
        {
            DocumentId = request.DocumentId, DocumentVersion = 0, TemplateId = "json-resume", Title = title,
        };
        return await InProcessExports.AcceptAsync(http, db, enqueuer, options.Value, job,
            $"Accepted: JSON Resume of document {request.DocumentId}", time.GetUtcNow(), ct);
    }

    private static Dictionary<string, string[]> Validate(string? templateId, string? pageSize)
    {
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(templateId)) errors["templateId"] = ["templateId is required."];
        else if (templateId.Length > 100) errors["templateId"] = ["templateId is at most 100 characters."];
        if (pageSize is null || !PageSizes.Contains(pageSize))
            errors["pageSize"] = ["pageSize must be \"A4\" or \"Letter\"."];
        return errors;
    }

    /// <summary>
    /// The resume's profile photo (<c>data.profile.photoId</c>), fetched now with the caller's token and carried in the
    /// job: the renderer has no network, so it prints the bytes it is given.
    /// </summary>
    private static async Task<PhotoAsset?> PhotoOfAsync(
        DocumentSnapshot document,
        DocumentsClient documents,
        HttpContext http,
        CancellationToken ct
    )
    {
        if (
            document.Data.ValueKind != System.Text.Json.JsonValueKind.Object
            || !document.Data.TryGetProperty("profile", out var profile)
            || profile.ValueKind != System.Text.Json.JsonValueKind.Object
            || !profile.TryGetProperty("photoId", out var photoId)
            || photoId.ValueKind != System.Text.Json.JsonValueKind.String
            || !Guid.TryParse(photoId.GetString(), out var id)
        )
            return null;
        return await documents.GetPhotoAsync(id, http.Request.Headers.Authorization, ct) is { } photo
            ? new PhotoAsset(photo.ContentType, photo.Bytes)
            : null;
    }

    private sealed record Target(Guid DocumentId, long? Version, string TemplateId, string PageSize);

    private static async Task<IResult> CreateAsync(
        HttpContext http,
        IReadOnlyList<Target> targets,
        bool batch,
        DocumentsClient documents,
        NpgsqlDataSource db,
        RenderDispatcher dispatcher,
        ExportOptions options,
        TimeProvider time,
        CancellationToken ct
    )
    {
        var userId = http.User.UserId();
        // Snapshot every document first, once each (outside the transaction: it is a network call); one missing → 404
        // for all. Every variant of a document prints the same snapshot.
        var payloads = new List<JobPayload>(targets.Count);
        var snapshots = new Dictionary<(Guid, long?), DocumentSnapshot>();
        var photos = new Dictionary<Guid, PhotoAsset?>();
        foreach (var target in targets)
        {
            if (!snapshots.TryGetValue((target.DocumentId, target.Version), out var document))
            {
                var (outcome, found) = await documents.GetAsync(
                    target.DocumentId,
                    http.Request.Headers.Authorization,
                    ct,
                    target.Version
                );
                if (outcome == DocumentLookup.Unauthorized)
                    return TypedResults.Problem(
                        statusCode: 401,
                        title: "Unauthorized",
                        detail: "The session is no longer valid."
                    );
                if (found is null)
                    return ApiResults.NotFound(target.Version is null
                        ? $"Document {target.DocumentId} not found."
                        : $"Version {target.Version} of document {target.DocumentId} not found.");
                snapshots[(target.DocumentId, target.Version)] = document = found;
            }
            if (!photos.ContainsKey(document.Id))
                photos[document.Id] = await PhotoOfAsync(document, documents, http, ct);
            payloads.Add(new JobPayload(document, target.TemplateId, target.PageSize, photos[document.Id]));
        }

        var now = time.GetUtcNow();
        var batchId = batch ? Guid.CreateVersion7(now) : (Guid?)null;
        var created = new List<BatchJob>(payloads.Count);
        // With an Idempotency-Key the jobs join the key's transaction (ResumePair.Web/Idempotency): the jobs, their
        // outbox rows and the stored 202 commit together, so a replay finds the answer and nothing is created twice.
        await using (var scope = await WriteScope.OpenAsync(http, db, ct))
        {
            var (c, tx) = (scope.Connection, scope.Transaction);
            var unfinished = await JobStore.LockUserAndCountUnfinishedAsync(c, tx, userId, ct);
            if (unfinished >= options.MaxUnfinishedJobsPerUser)
                return ApiResults.TooMany(
                    http,
                    options.RetryAfterSeconds,
                    "Too many exports in progress",
                    $"At most {options.MaxUnfinishedJobsPerUser} exports (a batch counts once) "
                        + "may be pending or processing at once."
                );
            var lastHour = await JobStore.CountCreatedSinceAsync(c, tx, userId, now - TimeSpan.FromHours(1), ct);
            if (lastHour + payloads.Count > options.MaxJobsPerUserPerHour)
                return ApiResults.TooMany(http, 3600 / 4, "Hourly export limit reached",
                    $"At most {options.MaxJobsPerUserPerHour} export jobs may be created per hour.");

            foreach (var payload in payloads)
            {
                var jobId = Guid.CreateVersion7(now);
                await JobStore.InsertAsync(c, tx, jobId, payload.Row(userId, batchId), options.MaxAttempts, now, ct);
                if (await ExportReuse.FindAsync(c, tx, userId, payload, now, ct) is { } source)
                {
                    await ExportReuse.CompleteFromAsync(c, tx, jobId, source, options.ExportLifetime, now, ct);
                    created.Add(
                        new BatchJob(
                            jobId,
                            payload.Document.Id,
                            JobStatus.Completed,
                            payload.TemplateId,
                            payload.PageSize
                        )
                    );
                    continue;
                }
                await dispatcher.DispatchAsync(c, tx, jobId, userId, attempt: 1, payload, ct);
                await JobStore.LogAsync(
                    c,
                    tx,
                    jobId,
                    1,
                    "info",
                    $"Accepted: document {payload.Document.Id} v{payload.Document.Version}, "
                        + $"template {payload.TemplateId}, "
                        + payload.PageSize,
                    now,
                    ct
                );
                created.Add(
                    new BatchJob(jobId, payload.Document.Id, JobStatus.Pending, payload.TemplateId, payload.PageSize)
                );
            }
            await scope.CommitAsync(ct);
        }
        return batch
            ? TypedResults.Accepted($"/api/v1/export/history", new BatchAccepted(batchId!.Value, created))
            : TypedResults.Accepted(
                $"/api/v1/export/job/{created[0].JobId}",
                new ExportAccepted(created[0].JobId, created[0].Status)
            );
    }
}
