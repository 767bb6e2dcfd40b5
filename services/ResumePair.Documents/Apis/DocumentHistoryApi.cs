using System.Security.Claims;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using ResumePair.Documents.Documents;
using ResumePair.Documents.Http;
using ResumePair.Web.Idempotency;
using ResumePair.ServiceDefaults.Auth;

namespace ResumePair.Documents.Apis;

/// <summary>The trash (restore within the retention) and saved versions of a document.</summary>
public static class DocumentHistoryApi
{
    public const int MaxVersionsPage = 100;

    public static RouteGroupBuilder MapDocumentHistoryApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1/documents/{id:guid}").WithTags("Documents").RequireAuthorization();
        api.MapPost("/restore", RestoreAsync).WithIdempotency();
        api.MapGet("/versions", ListVersionsAsync);
        api.MapGet("/versions/{version:long}", GetVersionAsync);
        api.MapPost("/versions/{version:long}/restore", RestoreVersionAsync).WithIdempotency();
        return api;
    }

    public static async Task<IResult> RestoreAsync(Guid id, HttpContext http, ClaimsPrincipal user, DocumentStore store,
        IOptions<DocumentOptions> options, CancellationToken ct)
    {
        var row = await store.UndeleteAsync(user.UserId(), id, options.Value.TrashRetention, ct, IdempotencyTransaction.Of(http));
        if (row is null) return DocumentsApi.NotFound();
        http.Response.Headers.ETag = ETags.For(row.Version);
        return TypedResults.Ok(DocumentResponse.From(row));
    }

    public static async Task<Results<Ok<VersionPage>, ValidationProblem, ProblemHttpResult>> ListVersionsAsync(
        Guid id, ClaimsPrincipal user, DocumentStore store, CancellationToken ct, long? before = null, int? limit = null)
    {
        if (limit is < 1 or > MaxVersionsPage)
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["limit"] = [$"Must be between 1 and {MaxVersionsPage}."] });
        var take = limit ?? 20;
        var rows = await store.ListVersionsAsync(user.UserId(), id, before, take, ct);
        if (rows is null) return DocumentsApi.NotFound();
        var items = rows.Select(r => new VersionSummary(r.Version, r.Title, r.CreatedAt)).ToList();
        return TypedResults.Ok(new VersionPage(items, items.Count == take && items[^1].Version > 1 ? items[^1].Version : null));
    }

    public static async Task<Results<Ok<VersionResponse>, ProblemHttpResult>> GetVersionAsync(
        Guid id, long version, ClaimsPrincipal user, DocumentStore store, CancellationToken ct)
    {
        var row = await store.GetVersionAsync(user.UserId(), id, version, ct);
        return row is null
            ? TypedResults.Problem(statusCode: 404, title: "Version not found", detail: "There is no such version of this document.")
            : TypedResults.Ok(VersionResponse.From(row));
    }

    /// <summary>
    /// Makes an old version current again, as a new version (history is never rewritten). If-Match is
    /// honoured when sent; the old content is validated again, since the schema may have moved on.
    /// </summary>
    public static async Task<IResult> RestoreVersionAsync(Guid id, long version, HttpContext http, ClaimsPrincipal user, DocumentStore store, CancellationToken ct)
    {
        var precondition = ETags.ParseIfMatch(http.Request.Headers.IfMatch);
        if (precondition == Precondition.Invalid) return DocumentsApi.InvalidIfMatch();
        var userId = user.UserId();
        var old = await store.GetVersionAsync(userId, id, version, ct);
        if (old is null) return TypedResults.Problem(statusCode: 404, title: "Version not found", detail: "There is no such version of this document.");

        var envelope = new JsonObject { ["type"] = old.Type, ["title"] = old.Title, ["data"] = JsonNode.Parse(old.Data) };
        var validation = DocumentValidator.Validate(JsonSerializer.SerializeToElement(envelope));
        if (validation.Document is null) return TypedResults.ValidationProblem(validation.Errors);
        return DocumentsApi.Answer(http,
            await store.ReplaceAsync(userId, id, validation.Document, precondition ?? Precondition.Any, ct, IdempotencyTransaction.Of(http)));
    }
}
