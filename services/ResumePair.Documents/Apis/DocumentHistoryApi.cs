using System.Security.Claims;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;
using ResumePair.Documents.Documents;
using ResumePair.Documents.Http;
using ResumePair.Web.Idempotency;
using ResumePair.ServiceDefaults.Auth;
using ResumePair.ServiceDefaults.Localization;

namespace ResumePair.Documents.Apis;

/// <summary>The trash (restore within the retention) and saved versions of a document.</summary>
public static class DocumentHistoryApi
{
    public const int MaxVersionsPage = 100;

    public static RouteGroupBuilder MapDocumentHistoryApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1/documents/{id:guid}").WithTags("Documents").RequireAuthorization();
        api.MapPost("/restore", RestoreAsync).WithIdempotency();
        api.MapGet("/versions", ListVersionsAsync).WithContentLanguage()
            .WithSummary("Saved versions, newest first, each with what changed since the previous one.");
        api.MapGet("/versions/compare", CompareVersionsAsync).WithContentLanguage()
            .WithSummary("Two versions side by side, field by field.");
        api.MapGet("/versions/{version:long}", GetVersionAsync);
        api.MapPost("/versions/{version:long}/restore", RestoreVersionAsync).WithIdempotency()
            .WithSummary("Makes an old version current again, as a new version.");
        api.MapPut("/versions/{version:long}/label", LabelVersionAsync)
            .WithSummary(
                "Names a version (a snapshot such as \"Sent to Acme\"); named versions are never thinned away."
            );
        api.MapDelete("/versions/{version:long}/label", UnlabelVersionAsync).WithSummary("Removes a version's name.");
        return api;
    }

    public const int MaxLabelLength = 80;

    public static async Task<IResult> RestoreAsync(Guid id, HttpContext http, ClaimsPrincipal user, DocumentStore store,
        IOptions<DocumentOptions> options, CancellationToken ct)
    {
        var row = await store.UndeleteAsync(
            user.UserId(),
            id,
            options.Value.TrashRetention,
            ct,
            IdempotencyTransaction.Of(http)
        );
        if (row is null) return DocumentsApi.NotFound();
        http.Response.Headers.ETag = ETags.For(row.Version);
        return TypedResults.Ok(DocumentResponse.From(row));
    }

    public static async Task<Results<Ok<VersionPage>, ValidationProblem, ProblemHttpResult>> ListVersionsAsync(
        Guid id, ClaimsPrincipal user, VersionHistoryStore history, VersionDiff diff,
        IStringLocalizer<HistoryTexts> words, CancellationToken ct, long? before = null, int? limit = null,
        bool? named = null)
    {
        if (limit is < 1 or > MaxVersionsPage)
            return TypedResults.ValidationProblem(
                new Dictionary<string, string[]> { ["limit"] = [$"Must be between 1 and {MaxVersionsPage}."] }
            );
        var take = limit ?? 20;
        var rows = await history.ListAsync(user.UserId(), id, before, take, named ?? false, ct);
        if (rows is null) return DocumentsApi.NotFound();
        var items = rows.Select(row => Summarize(diff, words, row)).ToList();
        return TypedResults.Ok(
            new VersionPage(items, items.Count == take && items[^1].Version > 1 ? items[^1].Version : null)
        );
    }

    /// <summary>Each version against the one before it: a one-line summary and the number of fields changed.</summary>
    private static VersionSummary Summarize(VersionDiff diff, IStringLocalizer<HistoryTexts> words,
        VersionHistoryRow row)
    {
        if (row.PreviousData is null)
            return Summary(row, words[row.Version == 1 ? "summary.created" : "summary.oldest"].Value, 0);
        var changes = Diff(diff, row.PreviousTitle!, row.PreviousData, row.Title, row.Data);
        var summary = diff.Summarize(changes);
        if (row.RestoredFrom is { } from)
            summary = changes.Count == 0
                ? words["summary.restored", from].Value
                : words["summary.restoredWith", from, summary].Value;
        return Summary(row, summary, changes.Count);
    }

    private static VersionSummary Summary(VersionHistoryRow row, string summary, int changes) =>
        new(row.Version, row.Title, row.CreatedAt, row.Label, summary, row.RestoredFrom, changes);

    private static IReadOnlyList<FieldChange> Diff(VersionDiff diff, string beforeTitle, string beforeData,
        string afterTitle, string afterData)
    {
        using var before = JsonDocument.Parse(beforeData);
        using var after = JsonDocument.Parse(afterData);
        return diff.Compare(beforeTitle, before.RootElement, afterTitle, after.RootElement);
    }

    public static async Task<Results<Ok<VersionComparison>, ValidationProblem, ProblemHttpResult>> CompareVersionsAsync(
        Guid id, ClaimsPrincipal user, VersionHistoryStore history, VersionDiff diff, CancellationToken ct,
        long? from = null, long? to = null)
    {
        var errors = new Dictionary<string, string[]>();
        if (from is null or < 1) errors["from"] = ["A version number (1 or more) is required."];
        if (to is null or < 1) errors["to"] = ["A version number (1 or more) is required."];
        if (errors.Count > 0) return TypedResults.ValidationProblem(errors);
        var userId = user.UserId();
        var older = await history.GetAsync(userId, id, from!.Value, ct);
        var newer = older is null ? null : await history.GetAsync(userId, id, to!.Value, ct);
        if (older is null || newer is null) return VersionNotFound();
        var changes = Diff(diff, older.Title, older.Data, newer.Title, newer.Data);
        return TypedResults.Ok(new VersionComparison(id, Summary(older, "", 0), Summary(newer, "", changes.Count),
            diff.Summarize(changes), changes));
    }

    public static async Task<Results<Ok<VersionSummary>, ValidationProblem, ProblemHttpResult>> LabelVersionAsync(
        Guid id,
        long version,
        VersionLabelRequest request,
        ClaimsPrincipal user,
        VersionHistoryStore history,
        CancellationToken ct
    )
    {
        var label = request.Label?.Trim();
        string? error = string.IsNullOrEmpty(label) ? "A name is required."
            : label.Length > MaxLabelLength ? $"At most {MaxLabelLength} characters."
            : label.Any(char.IsControl) ? "Must not contain control characters (line breaks, tabs, NUL)."
            : null;
        if (error is not null)
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["label"] = [error] });
        var userId = user.UserId();
        switch (await history.LabelAsync(userId, id, version, label, ct))
        {
            case LabelOutcome.NotFound:
                return VersionNotFound();
            case LabelOutcome.TooMany:
                return TypedResults.Problem(
                    statusCode: StatusCodes.Status409Conflict,
                    title: "Too many named versions",
                    detail: $"A document keeps at most {VersionHistoryStore.MaxNamed} named versions; "
                        + "remove a name first."
                );
        }
        var row = await history.GetAsync(userId, id, version, ct);
        return row is null ? VersionNotFound() : TypedResults.Ok(Summary(row, "", 0));
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> UnlabelVersionAsync(
        Guid id,
        long version,
        ClaimsPrincipal user,
        VersionHistoryStore history,
        CancellationToken ct
    ) =>
        await history.LabelAsync(user.UserId(), id, version, null, ct) == LabelOutcome.Named
            ? TypedResults.NoContent()
            : VersionNotFound();

    private static ProblemHttpResult VersionNotFound() =>
        TypedResults.Problem(
            statusCode: 404,
            title: "Version not found",
            detail: "There is no such version of this document."
        );

    public static async Task<Results<Ok<VersionResponse>, ProblemHttpResult>> GetVersionAsync(
        Guid id, long version, ClaimsPrincipal user, DocumentStore store, CancellationToken ct)
    {
        var row = await store.GetVersionAsync(user.UserId(), id, version, ct);
        return row is null
            ? TypedResults.Problem(
                statusCode: 404,
                title: "Version not found",
                detail: "There is no such version of this document."
            )
            : TypedResults.Ok(VersionResponse.From(row));
    }

    /// <summary>
    /// Makes an old version current again, as a new version (history is never rewritten). If-Match is
    /// honoured when sent; the old content is validated again, since the schema may have moved on.
    /// </summary>
    public static async Task<IResult> RestoreVersionAsync(
        Guid id,
        long version,
        HttpContext http,
        ClaimsPrincipal user,
        DocumentStore store,
        CancellationToken ct
    )
    {
        var precondition = ETags.ParseIfMatch(http.Request.Headers.IfMatch);
        if (precondition == Precondition.Invalid) return DocumentsApi.InvalidIfMatch();
        var userId = user.UserId();
        var old = await store.GetVersionAsync(userId, id, version, ct);
        if (old is null)
            return TypedResults.Problem(
                statusCode: 404,
                title: "Version not found",
                detail: "There is no such version of this document."
            );

        var envelope = new JsonObject
        {
            ["type"] = old.Type,
            ["title"] = old.Title,
            ["data"] = JsonNode.Parse(old.Data),
        };
        var validation = DocumentValidator.Validate(JsonSerializer.SerializeToElement(envelope));
        if (validation.Document is null) return TypedResults.ValidationProblem(validation.Errors);
        return DocumentsApi.Answer(
            http,
            await store.ReplaceAsync(
                userId,
                id,
                validation.Document,
                precondition ?? Precondition.Any,
                ct,
                IdempotencyTransaction.Of(http),
                restoredFrom: version
            )
        );
    }
}
