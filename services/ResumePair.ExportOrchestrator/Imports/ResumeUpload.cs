using System.IO.Compression;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;

namespace ResumePair.ExportOrchestrator.Imports;

/// <summary>An uploaded resume file, recognised by its content: <c>pdf</c>, <c>docx</c> or <c>linkedin</c>.</summary>
public sealed record ResumeUpload(string FileName, string Format, byte[] Content);

/// <summary>
/// Reads the <c>file</c> field of a multipart/form-data request straight from the body with MultipartReader
/// (IFormFile would spool large files to a temp file on local disk), bounded to <paramref name="maxBytes"/>,
/// and decides the type by magic bytes, never by the name or the declared content type.
/// </summary>
public static class ResumeUploadReader
{
    public const string FieldName = "file";

    /// <returns>The file, or the problem to answer (400 no/empty file, 413 too large, 415 not multipart or not
    /// PDF/DOCX).</returns>
    public static async Task<(ResumeUpload? Upload, IResult? Problem)> ReadAsync(
        HttpRequest request,
        long maxBytes,
        CancellationToken ct
    )
    {
        if (
            !MediaTypeHeaderValue.TryParse(request.ContentType, out var type)
            || !type.MediaType.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase)
        )
            return (null, Unsupported("Send the file as multipart/form-data, in a field named \"file\"."));
        var boundary = HeaderUtilities.RemoveQuotes(type.Boundary).Value;
        if (string.IsNullOrEmpty(boundary))
            return (null, Invalid("The multipart/form-data content type has no boundary."));

        // Form overhead is a few hundred bytes; a body far above the limit is refused before it is read.
        if (request.ContentLength > maxBytes + 64 * 1024) return (null, TooLarge(maxBytes));
        var reader = new MultipartReader(boundary, request.Body);
        long total = 0;
        try
        {
            while (await reader.ReadNextSectionAsync(ct) is { } section)
            {
                ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var disposition);
                var isFile = HeaderUtilities.RemoveQuotes(disposition?.Name ?? default).Value == FieldName;
                // Other fields are read and dropped, but still count toward the limit.
                var content = await ReadBoundedAsync(section.Body, maxBytes - (isFile ? 0 : total), ct);
                if (content is null) return (null, TooLarge(maxBytes));
                total += content.Length;
                if (!isFile) continue;
                if (content.Length == 0) return (null, Invalid("The file is empty."));
                var name = FileNameOf(disposition);
                return Sniff(content) is { } format ? (new ResumeUpload(name, format, content), null)
                    : (null, Unsupported("Only PDF and DOCX files and LinkedIn's data export (its ZIP) can be imported "
                        + "(recognised by their content, not their name)."));
            }
        }
        catch (Exception e) when (e is IOException or InvalidDataException)
        {
            return (null, Invalid($"The multipart body could not be read: {e.Message}"));
        }
        return (null, Invalid("A file is required in the form field \"file\"."));
    }

    /// <summary>
    /// "pdf", "docx", "linkedin" or null: a PDF starts with %PDF-; a DOCX is a ZIP holding word/document.xml;
    /// LinkedIn's data export is a ZIP holding its Profile.csv, Positions.csv… at the top.
    /// </summary>
    public static string? Sniff(byte[] content)
    {
        if (content.AsSpan().StartsWith("%PDF-"u8)) return "pdf";
        if (!content.AsSpan().StartsWith("PK\x03\x04"u8)) return null;
        try
        {
            using var zip = new ZipArchive(new MemoryStream(content, writable: false), ZipArchiveMode.Read);
            return zip.GetEntry("word/document.xml") is not null ? "docx"
                : LinkedInExport.IsExport(zip) ? "linkedin" : null;
        }
        catch (InvalidDataException)
        {
            return null;
        }
    }

    /// <returns>The bytes, or null when there are more than <paramref name="max"/>.</returns>
    private static async Task<byte[]?> ReadBoundedAsync(Stream body, long max, CancellationToken ct)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[64 * 1024];
        int read;
        while ((read = await body.ReadAsync(chunk, ct)) > 0)
        {
            if (buffer.Length + read > max) return null;
            buffer.Write(chunk, 0, read);
        }
        return buffer.ToArray();
    }

    private static string FileNameOf(ContentDispositionHeaderValue? disposition)
    {
        var raw = HeaderUtilities.RemoveQuotes(disposition?.FileNameStar ?? default).Value
                  ?? HeaderUtilities.RemoveQuotes(disposition?.FileName ?? default).Value ?? "";
        // Browsers send a bare name; anything path-like is cut to its last segment.
        var name = new string(raw.Replace('\\', '/').Split('/').Last().Where(c => !char.IsControl(c)).ToArray()).Trim();
        if (name.Length == 0) name = "resume";
        return name.Length > 200 ? name[..200] : name;
    }

    private static IResult Invalid(string message) =>
        TypedResults.ValidationProblem(new Dictionary<string, string[]> { [FieldName] = [message] });

    private static IResult Unsupported(string detail) =>
        TypedResults.Problem(
            statusCode: StatusCodes.Status415UnsupportedMediaType,
            title: "Unsupported media type",
            detail: detail
        );

    private static IResult TooLarge(long max) =>
        TypedResults.Problem(
            statusCode: StatusCodes.Status413PayloadTooLarge,
            title: "Payload too large",
            detail: $"The file may be at most {max / (1024 * 1024)} MB."
        );
}
