using System.Security.Claims;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using ResumePair.Documents.Photos;
using ResumePair.ServiceDefaults.Auth;
using ResumePair.ServiceDefaults.OpenApi;
using ResumePair.Web.Idempotency;

namespace ResumePair.Documents.Apis;

public sealed record PhotoUploadResponse(
    Guid Id,
    string UploadUrl,
    string Method,
    DateTime ExpiresAt,
    int MaxBytes,
    IReadOnlyList<string> ContentTypes
);

public sealed record PhotoResponse(Guid Id, string Status, string? Url, DateTime? UrlExpiresAt, string? Error);

/// <summary>
/// Profile photos. The client asks for an upload URL (POST), PUTs the image bytes to it (no token needed: the URL
/// is the authority, single use, minutes long), then puts the returned id in <c>data.profile.photoId</c>. A
/// background job makes the small version; <c>GET /{id}</c> then gives a signed URL for it, and the export
/// orchestrator fetches the bytes from <c>GET /internal/photos/{id}</c> with the user's token.
/// </summary>
public static class PhotosApi
{
    public static readonly string[] ContentTypes = ["image/jpeg", "image/png", "image/webp"];

    public static IEndpointRouteBuilder MapPhotosApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1/photos").WithTags("Photos");
        api.MapPost("/", CreateUploadAsync).RequireAuthorization().WithIdempotency();
        api.MapPut("/uploads/{token}", UploadAsync)
            .AllowAnonymous()
            .WithBodyDescription<Stream>(ContentTypes)
            .Produces(StatusCodes.Status204NoContent)
            .ProducesProblem(StatusCodes.Status411LengthRequired)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType);
        api.MapGet("/{id:guid}", GetAsync).RequireAuthorization();
        api.MapGet("/files/{token}", DownloadAsync).AllowAnonymous()
            .Produces<Stream>(StatusCodes.Status200OK, ContentTypes[0], ContentTypes[1..]);
        // For the export orchestrator (not routed by the gateway): the bytes of the caller's own photo.
        app.MapGet("/internal/photos/{id:guid}", InternalAsync).WithTags("Photos").RequireAuthorization();
        return app;
    }

    public static async Task<Created<PhotoUploadResponse>> CreateUploadAsync(
        HttpContext http,
        ClaimsPrincipal user,
        PhotoStore store,
        IOptions<PhotoOptions> options,
        CancellationToken ct
    )
    {
        var (id, token, expiresAt) = await store.CreateUploadAsync(user.UserId(), ct, IdempotencyTransaction.Of(http));
        return TypedResults.Created(
            $"/api/v1/photos/{id}",
            new PhotoUploadResponse(
                id,
                $"/api/v1/photos/uploads/{token}",
                "PUT",
                expiresAt,
                options.Value.MaxBytes,
                ContentTypes
            )
        );
    }

    /// <summary>
    /// Checks the declared size (413) and the first bytes (415: JPEG, PNG or WebP by their magic, whatever the
    /// Content-Type says), then streams the body into the database.
    /// </summary>
    public static async Task<IResult> UploadAsync(
        string token,
        HttpRequest request,
        PhotoStore store,
        PhotoProcessor processor,
        IOptions<PhotoOptions> options,
        CancellationToken ct
    )
    {
        if (!await store.UploadIsOpenAsync(token, ct)) return UploadNotFound();
        var max = options.Value.MaxBytes;
        if (request.ContentLength is not { } length)
            return TypedResults.Problem(
                statusCode: StatusCodes.Status411LengthRequired,
                title: "Length required",
                detail: "Send Content-Length with the image."
            );
        if (length > max)
            return TypedResults.Problem(
                statusCode: StatusCodes.Status413PayloadTooLarge,
                title: "Photo too large",
                detail: $"A photo may be at most {max} bytes."
            );
        if (request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
            limit.MaxRequestBodySize = max;

        var header = new byte[Math.Min(ImageSniffer.HeaderLength, (int)length)];
        await request.Body.ReadExactlyAsync(header, ct);
        if (ImageSniffer.ContentType(header) is not { } contentType)
            return TypedResults.Problem(
                statusCode: StatusCodes.Status415UnsupportedMediaType,
                title: "Unsupported image",
                detail: "A photo must be a JPEG, PNG or WebP image."
            );

        if (
            await store.StoreUploadAsync(token, contentType, new UploadStream(header, request.Body, length), ct)
            != UploadOutcome.Stored
        )
            return UploadNotFound();
        processor.Wake();
        return TypedResults.NoContent();
    }

    public static async Task<Results<Ok<PhotoResponse>, ProblemHttpResult>> GetAsync(
        Guid id,
        ClaimsPrincipal user,
        PhotoStore store,
        PhotoUrls urls,
        CancellationToken ct
    )
    {
        var row = await store.GetAsync(user.UserId(), id, ct);
        if (row is null) return NotFound();
        if (row.Status != "ready") return TypedResults.Ok(new PhotoResponse(id, row.Status, null, null, row.LastError));
        var (url, expiresAt) = await urls.SignAsync(id, ct);
        return TypedResults.Ok(new PhotoResponse(id, row.Status, url, expiresAt, null));
    }

    public static async Task<IResult> DownloadAsync(
        string token,
        HttpContext http,
        PhotoStore store,
        PhotoUrls urls,
        CancellationToken ct
    )
    {
        if (await urls.VerifyAsync(token, ct) is not { } id || await store.GetSmallAsync(null, id, ct) is not { } small)
            return NotFound();
        http.Response.Headers.CacheControl = "private, max-age=300";
        return TypedResults.Bytes(small.Bytes, small.ContentType);
    }

    /// <summary>The small version's bytes for the caller's own photo: 404 when it is not theirs, 409 while it is being
    /// resized.</summary>
    public static async Task<IResult> InternalAsync(
        Guid id,
        ClaimsPrincipal user,
        PhotoStore store,
        CancellationToken ct
    )
    {
        var userId = user.UserId();
        if (await store.GetSmallAsync(userId, id, ct) is { } small)
            return TypedResults.Bytes(small.Bytes, small.ContentType);
        var row = await store.GetAsync(userId, id, ct);
        if (row is null || row.Status == "failed" || row.Status == "awaiting_upload") return NotFound();
        return TypedResults.Problem(
            statusCode: StatusCodes.Status409Conflict,
            title: "Photo not ready",
            detail: "The photo is still being resized; try again shortly."
        );
    }

    private static ProblemHttpResult NotFound() =>
        TypedResults.Problem(
            statusCode: StatusCodes.Status404NotFound,
            title: "Photo not found",
            detail: "There is no such photo."
        );

    private static ProblemHttpResult UploadNotFound() =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Upload URL not valid",
            detail: "This upload URL is unknown, used or expired. Ask for a new one.");
}
