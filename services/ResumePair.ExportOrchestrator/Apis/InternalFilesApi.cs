using Microsoft.Extensions.Options;
using Npgsql;
using ResumePair.ExportOrchestrator.Exports;
using ResumePair.ExportOrchestrator.Jobs;

namespace ResumePair.ExportOrchestrator.Apis;

/// <summary>
/// PUT /internal/files/{token}: where renderers upload a PDF (the presigned-URL role S3 would play). Not under
/// /api, so the gateway never exposes it; anonymous because the HMAC-signed token names the job, the attempt
/// and an expiry, and nothing else may be written.
/// </summary>
public static class InternalFilesApi
{
    private static ReadOnlySpan<byte> PdfMagic => "%PDF-"u8;

    public static IEndpointRouteBuilder MapInternalFilesApi(this IEndpointRouteBuilder app)
    {
        app.MapPut("/internal/files/{token}", Upload).AllowAnonymous().ExcludeFromDescription();
        return app;
    }

    public static async Task<IResult> Upload(
        string token,
        HttpRequest request,
        NpgsqlDataSource db,
        FileTokens tokens,
        IOptions<ExportOptions> options,
        TimeProvider time,
        CancellationToken ct
    )
    {
        var (check, parsed) = await tokens.VerifyAsync(token, TokenPurpose.Upload, ct);
        if (check == TokenCheck.Invalid) return TypedResults.Problem(statusCode: 403, title: "Invalid upload URL");
        if (check == TokenCheck.Expired) return TypedResults.Problem(statusCode: 410, title: "Upload URL expired");

        var limit = options.Value.MaxFileBytes;
        if (request.ContentLength > limit) return TooLarge(limit);
        var content = await ReadAtMostAsync(request.Body, limit, ct);
        if (content is null) return TooLarge(limit);
        if (content.LongLength > options.Value.StorageQuotaBytes)
            return TypedResults.Problem(
                statusCode: 507,
                title: "Storage quota exceeded",
                detail: "A single export may not exceed the per-user storage quota of "
                    + $"{options.Value.StorageQuotaBytes / (1024 * 1024)} MB."
            );
        if (!content.AsSpan().StartsWith(PdfMagic))
            return TypedResults.Problem(
                statusCode: 415,
                title: "Not a PDF",
                detail: "The body must be a PDF document (starting with %PDF-)."
            );

        if (!DigestMatches(request.Headers["Repr-Digest"].ToString(), content))
            return TypedResults.Problem(
                statusCode: 400,
                title: "Digest mismatch",
                detail: "The body does not match its Repr-Digest (sha-256)."
            );

        var job = await JobStore.GetAsync(db, parsed!.JobId, ct);
        if (job is null) return TypedResults.Problem(statusCode: 404, title: "Not found", detail: "Unknown job.");
        if (!JobTransitions.Accepts(job, parsed.Attempt))
            return TypedResults.Problem(
                statusCode: 409,
                title: "Attempt superseded",
                detail: "This attempt is no longer the job's current attempt."
            );

        // PUT is idempotent: a renderer retrying its upload replaces the same attempt's file.
        await ExportFileStore.PutAsync(
            db,
            FileKeys.For(job.Id, parsed.Attempt),
            content,
            "application/pdf",
            time.GetUtcNow(),
            ct
        );
        return TypedResults.NoContent();
    }

    /// <summary>
    /// RFC 9530 <c>Repr-Digest: sha-256=:base64:</c>, when the uploader sends one (the renderer does): a truncated or
    /// corrupted upload is refused instead of becoming someone's resume. Absent or other algorithms: accepted.
    /// </summary>
    internal static bool DigestMatches(string header, byte[] content)
    {
        foreach (
            var member in header.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
        )
        {
            if (!member.StartsWith("sha-256=:", StringComparison.OrdinalIgnoreCase) || !member.EndsWith(':')) continue;
            var expected = member["sha-256=:".Length..^1];
            return string.Equals(
                expected,
                Convert.ToBase64String(System.Security.Cryptography.SHA256.HashData(content)),
                StringComparison.Ordinal
            );
        }
        return true;
    }

    private static IResult TooLarge(long limit) =>
        TypedResults.Problem(
            statusCode: 413,
            title: "Payload too large",
            detail: $"Files are limited to {limit / (1024 * 1024)} MB."
        );

    /// <returns>The body, or null when it is longer than <paramref name="limit"/> bytes.</returns>
    private static async Task<byte[]?> ReadAtMostAsync(Stream body, long limit, CancellationToken ct)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await body.ReadAsync(chunk, ct)) > 0)
        {
            if (buffer.Length + read > limit) return null;
            buffer.Write(chunk, 0, read);
        }
        return buffer.ToArray();
    }
}
