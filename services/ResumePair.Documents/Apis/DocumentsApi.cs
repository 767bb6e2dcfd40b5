using System.Security.Claims;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using ResumePair.Contracts.Documents;
using ResumePair.Documents.Documents;
using ResumePair.Documents.Http;
using ResumePair.Web.Idempotency;
using ResumePair.ServiceDefaults.Auth;
using ResumePair.ServiceDefaults.OpenApi;

namespace ResumePair.Documents.Apis;

/// <summary>
/// Resumes and cover letters of the signed-in user. Another user's document is answered exactly like a
/// missing one (404). Writes are optimistic: the version is the ETag and changes need it in If-Match.
/// </summary>
/// <summary>The body of POST / and PUT /{id} (read by hand; described for the OpenAPI document).</summary>
public sealed record DocumentWriteRequest(string Type, string Title, JsonElement Data);

public static class DocumentsApi
{
    public const string MergePatchContentType = "application/merge-patch+json";
    public const int DefaultPageSize = 20;
    public const int MaxPageSize = 100;

    public static RouteGroupBuilder MapDocumentsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1/documents").WithTags("Documents").RequireAuthorization();
        api.MapGet("/", ListAsync)
            .WithSummary("List the user's documents, or their trash")
            .WithDescription(
                "Newest first, keyset-paginated (`cursor` from the previous page's `nextCursor`, `limit` 1-100, "
                    + "default 20), optionally one `type`. `trashed=true` lists the trash instead: "
                    + "documents deleted within the last 30 days, newest deletion first, "
                    + "each with `deletedAt` and `purgeAt` (when it is removed for good); "
                    + "`POST /{id}/restore` brings one back."
            );
        // The bodies are read by hand (one size limit, duplicate keys refused): described here for the OpenAPI
        // document.
        api.MapPost("/", CreateAsync).WithIdempotency().WithBodyDescription<DocumentWriteRequest>("application/json")
            .Produces<DocumentResponse>(StatusCodes.Status201Created).WithETag().WithWriteProblems();
        api.MapGet("/{id:guid}", GetAsync)
            .Produces<DocumentResponse>()
            .Produces(StatusCodes.Status304NotModified)
            .WithETag()
            .WithRequestHeader("If-None-Match", "The ETag you have: 304 while the document is still at that version.");
        api.MapPut("/{id:guid}", PutAsync)
            .WithBodyDescription<DocumentWriteRequest>("application/json")
            .Produces<DocumentResponse>()
            .Produces<DocumentResponse>(StatusCodes.Status201Created)
            .WithETag()
            .WithIfMatch()
            .WithRequestHeader("If-None-Match", "`*`: create only (412 when a document with this id exists).")
            .WithWriteProblems()
            .ProducesProblem(StatusCodes.Status412PreconditionFailed)
            .ProducesProblem(StatusCodes.Status428PreconditionRequired);
        api.MapPatch("/{id:guid}", PatchAsync).WithBodyDescription<JsonObject>(MergePatchContentType)
            .Produces<DocumentResponse>().WithETag().WithIfMatch(required: true).WithWriteProblems()
            .ProducesProblem(StatusCodes.Status428PreconditionRequired);
        api.MapDelete("/{id:guid}", DeleteAsync).Produces(StatusCodes.Status204NoContent).WithIfMatch()
            .ProducesProblem(StatusCodes.Status412PreconditionFailed);
        return api;
    }

    /// <summary>
    /// The user's live documents, newest change first; with <c>trashed=true</c> the trash instead (deleted
    /// within the retention, newest deletion first, each with <c>deletedAt</c> and <c>purgeAt</c>).
    /// </summary>
    public static async Task<Results<Ok<DocumentPage>, Ok<TrashPage>, ValidationProblem>> ListAsync(
        ClaimsPrincipal user, DocumentStore store, DocumentTrash trash, CancellationToken ct,
        string? type = null, string? cursor = null, int? limit = null, bool? trashed = null)
    {
        var errors = new Dictionary<string, string[]>();
        if (type is not null && !DocumentTypes.IsKnown(type))
            errors["type"] = [$"Must be \"{DocumentTypes.Resume}\" or \"{DocumentTypes.CoverLetter}\"."];
        ListCursor? after = null;
        if (cursor is not null)
        {
            if (ListCursor.TryDecode(cursor, out var decoded)) after = decoded;
            else errors["cursor"] = ["Is not a cursor this API returned."];
        }
        if (limit is < 1 or > MaxPageSize) errors["limit"] = [$"Must be between 1 and {MaxPageSize}."];
        if (errors.Count > 0) return TypedResults.ValidationProblem(errors);

        if (trashed == true)
        {
            var (deleted, nextDeleted) = await trash.ListAsync(
                user.UserId(),
                type,
                after,
                limit ?? DefaultPageSize,
                ct
            );
            return TypedResults.Ok(new TrashPage(deleted, nextDeleted?.Encode()));
        }
        var (items, next) = await store.ListAsync(user.UserId(), type, after, limit ?? DefaultPageSize, ct);
        return TypedResults.Ok(new DocumentPage(items.Select(DocumentSummary.From).ToList(), next?.Encode()));
    }

    public static async Task<IResult> CreateAsync(
        HttpRequest request,
        ClaimsPrincipal user,
        DocumentStore store,
        CancellationToken ct
    )
    {
        var read = await ReadDocumentAsync(request, ct);
        if (read.Document is null) return read.Error!;
        var created = await store.CreateAsync(
            user.UserId(),
            Guid.CreateVersion7(),
            read.Document,
            ct,
            IdempotencyTransaction.Of(request.HttpContext)
        );
        return Answer(request.HttpContext, created);
    }

    public static async Task<IResult> GetAsync(
        Guid id,
        HttpContext http,
        ClaimsPrincipal user,
        DocumentStore store,
        CancellationToken ct
    )
    {
        var row = await store.GetAsync(user.UserId(), id, ct);
        if (row is null) return NotFound();
        http.Response.Headers.ETag = ETags.For(row.Version);
        if (ETags.Matches(http.Request.Headers.IfNoneMatch, row.Version))
            return TypedResults.StatusCode(StatusCodes.Status304NotModified);
        return TypedResults.Ok(DocumentResponse.From(row));
    }

    /// <summary>
    /// Creates with the client's id when it does not exist (so a retried create is harmless), or replaces
    /// with If-Match. Without If-Match an existing document is only answered when the body is identical.
    /// </summary>
    public static async Task<IResult> PutAsync(
        Guid id,
        HttpRequest request,
        ClaimsPrincipal user,
        DocumentStore store,
        CancellationToken ct
    )
    {
        var read = await ReadDocumentAsync(request, ct);
        if (read.Document is null) return read.Error!;
        var precondition = ETags.ParseIfMatch(request.Headers.IfMatch);
        if (precondition == Precondition.Invalid) return InvalidIfMatch();

        var userId = user.UserId();
        if (precondition is null)
        {
            var created = await store.CreateAsync(userId, id, read.Document, ct);
            if (created.Status == WriteStatus.Created) return Answer(request.HttpContext, created);
            // If-None-Match: * asks for a create only (RFC 9110 §13.1.2): a document already there fails it.
            if (ETags.IsAnyTag(request.Headers.IfNoneMatch))
                return PreconditionFailed("A document with this id already exists.");
        }
        return Answer(request.HttpContext, await store.ReplaceAsync(userId, id, read.Document, precondition, ct));
    }

    /// <summary>
    /// Autosave. The merge and the validation need the current copy; everything after them is one batch
    /// (see <see cref="DocumentPatchStore"/>): two database round trips per save.
    /// </summary>
    public static async Task<IResult> PatchAsync(
        Guid id,
        HttpRequest request,
        ClaimsPrincipal user,
        DocumentPatchStore store,
        CancellationToken ct
    )
    {
        if (!IsContentType(request, MergePatchContentType)) return UnsupportedMediaType(MergePatchContentType);
        var precondition = ETags.ParseIfMatch(request.Headers.IfMatch);
        if (precondition is null) return PreconditionRequired();
        if (precondition == Precondition.Invalid) return InvalidIfMatch();

        var body = await JsonBody.ReadAsync(request, ct);
        var patch = JsonNode.Parse(body, documentOptions: new JsonDocumentOptions { AllowDuplicateProperties = false });
        var outcome = await store.PatchAsync(
            user.UserId(),
            id,
            precondition,
            current =>
            {
                var target = new JsonObject
                {
                    ["type"] = current.Type,
                    ["title"] = current.Title,
                    ["data"] = JsonNode.Parse(current.Data),
                };
                return DocumentValidator.Validate(JsonSerializer.SerializeToElement(MergePatch.Apply(target, patch)));
            },
            ct
        );
        return outcome.Errors is { } errors
            ? TypedResults.ValidationProblem(errors)
            : Answer(request.HttpContext, outcome.Write!);
    }

    /// <summary>Moves to the trash; with If-Match only the listed version (412 when it moved on).</summary>
    public static async Task<IResult> DeleteAsync(
        Guid id,
        HttpRequest request,
        ClaimsPrincipal user,
        DocumentStore store,
        CancellationToken ct
    )
    {
        var precondition = ETags.ParseIfMatch(request.Headers.IfMatch);
        if (precondition == Precondition.Invalid) return InvalidIfMatch();
        if (await store.SoftDeleteAsync(user.UserId(), id, ct, precondition)) return TypedResults.NoContent();
        if (precondition is null || await store.GetVersionStampAsync(user.UserId(), id, ct) is not { } current)
            return NotFound();
        request.HttpContext.Response.Headers.ETag = ETags.For(current.Version);
        return PreconditionFailed($"The document is at version {current.Version}, not the one in If-Match.");
    }

    /// <summary>A write's problems besides validation: a stale If-Match (409 + current), too large, not JSON.</summary>
    private static RouteHandlerBuilder WithWriteProblems(this RouteHandlerBuilder route) => route
        .ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status413PayloadTooLarge)
        .ProducesProblem(StatusCodes.Status415UnsupportedMediaType);

    internal static ProblemHttpResult PreconditionFailed(string detail) =>
        TypedResults.Problem(
            statusCode: StatusCodes.Status412PreconditionFailed,
            title: "Precondition failed",
            detail: detail
        );

    private sealed record ReadResult(ValidDocument? Document, IResult? Error);

    private static async Task<ReadResult> ReadDocumentAsync(HttpRequest request, CancellationToken ct)
    {
        if (!request.HasJsonContentType()) return new(null, UnsupportedMediaType("application/json"));
        var validation = DocumentValidator.Validate(await JsonBody.ReadAsync(request, ct));
        return validation.Document is null
            ? new(null, TypedResults.ValidationProblem(validation.Errors))
            : new(validation.Document, null);
    }

    /// <summary>One place that turns a write's outcome into the HTTP answer.</summary>
    internal static IResult Answer(HttpContext http, WriteResult result)
    {
        var row = result.Document;
        switch (result.Status)
        {
            case WriteStatus.Created:
                http.Response.Headers.ETag = ETags.For(row!.Version);
                return new SizedJsonResult<DocumentResponse>(DocumentResponse.From(row), StatusCodes.Status201Created,
                    $"/api/v1/documents/{row.Id}");
            case WriteStatus.Updated or WriteStatus.Unchanged:
                http.Response.Headers.ETag = ETags.For(row!.Version);
                return new SizedJsonResult<DocumentResponse>(DocumentResponse.From(row), StatusCodes.Status200OK);
            case WriteStatus.Stale:
                http.Response.Headers.ETag = ETags.For(row!.Version);
                return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Edit conflict",
                    detail: $"The document changed since you loaded it; it is now at version {row.Version}.",
                    extensions: new Dictionary<string, object?> { ["current"] = DocumentResponse.From(row) });
            case WriteStatus.PreconditionRequired:
                return PreconditionRequired();
            case WriteStatus.TypeChanged:
                return TypedResults.ValidationProblem(
                    new Dictionary<string, string[]> { ["type"] = ["The type of an existing document cannot change."] }
                );
            default:
                return NotFound();
        }
    }

    private static bool IsContentType(HttpRequest request, string mediaType) =>
        Microsoft.Net.Http.Headers.MediaTypeHeaderValue.TryParse(request.ContentType, out var parsed)
        && parsed.MediaType.Equals(mediaType, StringComparison.OrdinalIgnoreCase);

    internal static ProblemHttpResult NotFound() =>
        TypedResults.Problem(
            statusCode: StatusCodes.Status404NotFound,
            title: "Document not found",
            detail: "There is no such document."
        );

    private static ProblemHttpResult PreconditionRequired() =>
        TypedResults.Problem(statusCode: StatusCodes.Status428PreconditionRequired, title: "If-Match required",
            detail: "Send the document's ETag in If-Match, so a change made elsewhere is not overwritten.");

    internal static ValidationProblem InvalidIfMatch() =>
        TypedResults.ValidationProblem(
            new Dictionary<string, string[]> { ["If-Match"] = ["Must be an entity tag like \"3\" or *."] }
        );

    private static ProblemHttpResult UnsupportedMediaType(string expected) =>
        TypedResults.Problem(statusCode: StatusCodes.Status415UnsupportedMediaType, title: "Unsupported media type",
            detail: $"This route takes {expected}.");
}
