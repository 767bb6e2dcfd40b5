using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using ResumePair.Documents.Sharing;
using ResumePair.ServiceDefaults.Auth;

namespace ResumePair.Documents.Apis;

/// <summary><c>password</c>: a new password; "" removes it; absent keeps the current one.</summary>
public sealed record ShareRequest(string? Password, bool? Indexable);

public sealed record ShareResponse(
    Guid DocumentId,
    string Slug,
    string Url,
    bool HasPassword,
    bool Indexable,
    DateTime CreatedAt,
    DateTime UpdatedAt
)
{
    public static ShareResponse From(ShareRow r) =>
        new(
            r.DocumentId,
            r.Slug,
            PublicSharesApi.PathOf(r.Slug),
            r.PasswordHash is not null,
            r.Indexable,
            r.CreatedAt,
            r.UpdatedAt
        );
}

/// <summary><c>Share</c>: the link as it is now, null while unpublished (the editor's panel loads both at
/// once).</summary>
public sealed record ShareStatsResponse(int Views, int Downloads, IReadOnlyList<ShareDay> Days, ShareResponse? Share);

/// <summary>
/// The owner's controls for a resume's public link: publish or change its settings (PUT), unpublish (DELETE), a new
/// address (POST rotate: the old one 404s at once), and the visits per day. Another user's document is a 404.
/// </summary>
public static class SharesApi
{
    public const int MinPasswordLength = 4;
    public const int MaxPasswordLength = 200;

    public static RouteGroupBuilder MapSharesApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1/documents/{id:guid}/share").WithTags("Sharing").RequireAuthorization();
        api.MapGet("/", GetAsync).WithSummary("The resume's public link, or 404 when it is not published");
        api.MapPut("/", PutAsync)
            .WithSummary("Publish the resume at /r/{slug}, or change the link's password and indexing");
        api.MapDelete("/", DeleteAsync).WithSummary("Unpublish: the link answers 404 from now on");
        api.MapPost("/rotate", RotateAsync)
            .WithSummary("A new address for the link; the old one answers 404 from now on");
        api.MapGet("/stats", StatsAsync)
            .WithSummary("Views and downloads of the public page per UTC day (bots not counted)");
        return api;
    }

    public static async Task<Results<Ok<ShareResponse>, ProblemHttpResult>> GetAsync(
        Guid id,
        ClaimsPrincipal user,
        ShareStore store,
        CancellationToken ct
    ) =>
        await store.GetAsync(user.UserId(), id, ct) is { } row
            ? TypedResults.Ok(ShareResponse.From(row))
            : NotPublished();

    public static async Task<IResult> PutAsync(Guid id, ShareRequest? body, ClaimsPrincipal user, ShareStore store,
        IPasswordHasher<ShareRow> hasher, CancellationToken ct)
    {
        var password = body?.Password;
        if (password is { Length: > 0 } && (password.Length < MinPasswordLength || password.Length > MaxPasswordLength))
            return TypedResults.ValidationProblem(
                new Dictionary<string, string[]>
                {
                    ["password"] =
                    [
                        $"Must be {MinPasswordLength} to {MaxPasswordLength} characters, "
                            + "or empty to remove the password.",
                    ],
                }
            );
        var hash = password switch { null => null, "" => "", _ => hasher.HashPassword(null!, password) };
        var written = await store.UpsertAsync(user.UserId(), id, hash, body?.Indexable ?? false, ct);
        if (written is not { } w) return DocumentNotFound();
        var response = ShareResponse.From(w.Row);
        return w.Created ? TypedResults.Created(response.Url, response) : TypedResults.Ok(response);
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> DeleteAsync(
        Guid id,
        ClaimsPrincipal user,
        ShareStore store,
        CancellationToken ct
    ) => await store.DeleteAsync(user.UserId(), id, ct) ? TypedResults.NoContent() : NotPublished();

    public static async Task<Results<Ok<ShareResponse>, ProblemHttpResult>> RotateAsync(
        Guid id,
        ClaimsPrincipal user,
        ShareStore store,
        CancellationToken ct
    ) =>
        await store.RotateAsync(user.UserId(), id, ct) is { } row
            ? TypedResults.Ok(ShareResponse.From(row))
            : NotPublished();

    public static async Task<IResult> StatsAsync(
        Guid id,
        ClaimsPrincipal user,
        ShareStore store,
        IOptions<ShareOptions> options,
        CancellationToken ct,
        int? days = null
    )
    {
        var max = options.Value.MaxStatsDays;
        if (days is < 1 || days > max)
            return TypedResults.ValidationProblem(
                new Dictionary<string, string[]> { ["days"] = [$"Must be between 1 and {max}."] }
            );
        var rows = await store.StatsAsync(user.UserId(), id, days ?? 30, ct);
        if (rows is null) return DocumentNotFound();
        var share = await store.GetAsync(user.UserId(), id, ct) is { } row ? ShareResponse.From(row) : null;
        return TypedResults.Ok(new ShareStatsResponse(rows.Sum(r => r.Views), rows.Sum(r => r.Downloads), rows, share));
    }

    private static ProblemHttpResult NotPublished() =>
        TypedResults.Problem(statusCode: 404, title: "Not published", detail: "This document has no public link.");

    private static ProblemHttpResult DocumentNotFound() =>
        TypedResults.Problem(statusCode: 404, title: "Document not found", detail: "There is no such document.");
}
