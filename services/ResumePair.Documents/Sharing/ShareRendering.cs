using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ResumePair.ServiceDefaults.Problems;

namespace ResumePair.Documents.Sharing;

/// <summary>What to print for a share: the document as saved, where the template and paper come from its
/// design.</summary>
public sealed record ShareSnapshot(
    Guid DocumentId,
    long Version,
    string Type,
    string Title,
    JsonElement Data,
    string TemplateId,
    string PageSize,
    Guid OwnerId,
    PhotoBytes? Photo
);

public sealed record PhotoBytes(string ContentType, byte[] Bytes);

// Any failure of the call itself (refused, timed out, circuit open, nothing discovered) means the page cannot be made
// now: 503 for the visitor, never a 500.

/// <summary>
/// The renderer's printable HTML for a share (its signed <c>POST /internal/v1/templates/{id}/html</c>): the very page
/// the PDF is printed from, with the photo passed as a data: URI so the page needs nothing from the network.
/// </summary>
public sealed class ShareHtmlClient(HttpClient http)
{
    public async Task<string> RenderAsync(ShareSnapshot s, CancellationToken ct)
    {
        var photo = s.Photo is { } p ? $"data:{p.ContentType};base64,{Convert.ToBase64String(p.Bytes)}" : null;
        var path = $"/internal/v1/templates/{Uri.EscapeDataString(s.TemplateId)}/html?pageSize={s.PageSize}";
        try
        {
            using var response = await http.PostAsJsonAsync(
                path,
                new
                {
                    s.Type,
                    s.Title,
                    s.Data,
                    Photo = photo,
                },
                JsonSerializerOptions.Web,
                ct
            );
            if (!response.IsSuccessStatusCode)
                throw new ServiceUnavailableException(
                    $"The renderer answered {(int)response.StatusCode} for the share page."
                );
            return await response.Content.ReadAsStringAsync(ct);
        }
        catch (Exception e) when (!ct.IsCancellationRequested && e is not ServiceUnavailableException)
        {
            throw new ServiceUnavailableException("The renderer is unavailable.", e);
        }
    }
}

/// <summary>
/// The share's PDF from the export engine (its signed <c>POST /internal/v1/users/{owner}/exports/pdf</c>): an identical
/// export that is still live is served again, so visitors never cause one render each. Null while it is still being
/// printed after the engine's wait (the visitor may try again).
/// </summary>
public sealed class SharePdfClient(HttpClient http)
{
    public async Task<byte[]?> GetAsync(ShareSnapshot s, CancellationToken ct)
    {
        var body = new
        {
            Document = new { Id = s.DocumentId, s.Version, s.Type, s.Title, s.Data },
            s.TemplateId,
            s.PageSize,
            Photo = s.Photo is { } p ? new { p.ContentType, p.Bytes } : null,
        };
        try
        {
            using var response = await http.PostAsJsonAsync(
                $"/internal/v1/users/{s.OwnerId}/exports/pdf",
                body,
                JsonSerializerOptions.Web,
                ct
            );
            if (response.StatusCode == HttpStatusCode.Accepted) return null;
            if (!response.IsSuccessStatusCode)
                throw new ServiceUnavailableException(
                    $"The export engine answered {(int)response.StatusCode} for the share's PDF."
                );
            return await response.Content.ReadAsByteArrayAsync(ct);
        }
        catch (Exception e) when (!ct.IsCancellationRequested && e is not ServiceUnavailableException)
        {
            throw new ServiceUnavailableException("The export engine is unavailable.", e);
        }
    }
}
