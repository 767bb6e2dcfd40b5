using System.Text.Json;
using Microsoft.Extensions.Options;
using Npgsql;
using ResumePair.Documents.Client;
using ResumePair.ExportOrchestrator.Apis;
using ResumePair.ExportOrchestrator.Jobs;
using ResumePair.ExportOrchestrator.Jobs.Engine;
using ResumePair.ServiceDefaults.Auth;
using ResumePair.Web.Idempotency;
using ResumePair.Web.RateLimiting;

namespace ResumePair.ExportOrchestrator.Exports.Docx;

/// <param name="Version">A saved version of the document to export; the current one when absent.</param>
public sealed record ExportDocxRequest(Guid DocumentId, long? Version = null);

/// <summary>
/// POST /api/v1/export/docx: an export_docx job. The document (resume or cover letter) is snapshotted now with the
/// caller's token, so ownership is the documents service's answer; the job and the stored Idempotency-Key answer
/// commit together. Downloaded, listed in the history and expired like any export.
/// </summary>
public static class DocxExportApi
{
    public static IEndpointRouteBuilder MapDocxExportApi(this IEndpointRouteBuilder app)
    {
        app.MapGroup("/api/v1/export")
            .WithTags("Exports")
            .RequireAuthorization()
            .MapPost("/docx", RequestDocx)
            .WithIdempotency()
            .RequireUserRateLimit(ExportOptions.RequestRatePolicy)
            .WithSummary(
                "Exports a resume or cover letter as an editable Word document (DOCX): a job like a PDF export."
            );
        return app;
    }

    public static async Task<IResult> RequestDocx(
        ExportDocxRequest request,
        HttpContext http,
        DocumentsClient documents,
        NpgsqlDataSource db,
        JobEnqueuer enqueuer,
        IOptions<ExportOptions> options,
        TimeProvider time,
        CancellationToken ct
    )
    {
        var errors = new Dictionary<string, string[]>();
        if (request.DocumentId == Guid.Empty) errors["documentId"] = ["documentId is required."];
        if (request.Version is < 1) errors["version"] = ["version must be a positive number."];
        if (errors.Count > 0) return TypedResults.ValidationProblem(errors);

        var (outcome, document) = await documents.GetAsync(
            request.DocumentId,
            http.Request.Headers.Authorization,
            ct,
            request.Version
        );
        if (outcome == DocumentLookup.Unauthorized)
            return TypedResults.Problem(
                statusCode: 401,
                title: "Unauthorized",
                detail: "The session is no longer valid."
            );
        if (document is null) return ApiResults.NotFound($"Document {request.DocumentId} not found.");

        var payload = JsonSerializer.Serialize(new ExportDocxPayload(document), JsonSerializerOptions.Web);
        var job = new NewJobRow(ExportDocxHandler.JobType, payload, http.User.UserId())
        {
            DocumentId = document.Id, DocumentVersion = document.Version, TemplateId = ExportDocxHandler.Format,
            Title = document.Title,
        };
        return await InProcessExports.AcceptAsync(http, db, enqueuer, options.Value, job,
            $"Accepted: DOCX of document {document.Id} v{document.Version}", time.GetUtcNow(), ct);
    }
}
