using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Polly;
using Microsoft.Extensions.DependencyInjection;
using ResumePair.ServiceDefaults.Http;
using ResumePair.ServiceDefaults.Problems;

namespace ResumePair.Documents.Client;

/// <summary>The document as the documents service returns it; what the job snapshots.</summary>
public sealed record DocumentSnapshot(Guid Id, long Version, string Type, string Title, JsonElement Data);

/// <summary>What the documents service said: the document, or that it is not the caller's to read (Missing), or that
/// it does not accept the caller's token (Unauthorized: revoked session, say).</summary>
public enum DocumentLookup { Found, Missing, Unauthorized }

/// <summary>
/// Reads a document with the caller's own token, so the documents service enforces ownership: its 404 (or 403)
/// becomes ours, and it being unreachable is a 503 here.
/// </summary>
public sealed class DocumentsClient(HttpClient http)
{
    /// <param name="version">A saved version to snapshot instead of the current one (its route answers the same shape,
    /// with documentId).</param>
    public async Task<(DocumentLookup Outcome, DocumentSnapshot? Document)> GetAsync(
        Guid id,
        string? authorization,
        CancellationToken ct,
        long? version = null
    )
    {
        using var request = new HttpRequestMessage(
            HttpMethod.Get,
            version is { } v ? $"/api/v1/documents/{id}/versions/{v}" : $"/api/v1/documents/{id}"
        );
        if (!string.IsNullOrEmpty(authorization))
            request.Headers.TryAddWithoutValidation("Authorization", authorization);
        try
        {
            using var response = await http.SendAsync(request, ct);
            if (response.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.Forbidden or HttpStatusCode.Gone)
                return (DocumentLookup.Missing, null);
            if (response.StatusCode is HttpStatusCode.Unauthorized) return (DocumentLookup.Unauthorized, null);
            if (!response.IsSuccessStatusCode)
                throw new ServiceUnavailableException($"The documents service answered {(int)response.StatusCode}.");
            var body = await response.Content.ReadFromJsonAsync<DocumentBody>(JsonSerializerOptions.Web, ct)
                       ?? throw new ServiceUnavailableException("The documents service returned an empty document.");
            // The version is in the body; the ETag ("<version>") is the fallback.
            var snapshotVersion = body.Version
                ?? version
                ?? (long.TryParse(response.Headers.ETag?.Tag.Trim('"'), out var etag) ? etag : 0);
            return (
                DocumentLookup.Found,
                new DocumentSnapshot(id, snapshotVersion, body.Type ?? "resume", body.Title ?? "", body.Data)
            );
        }
        catch (Exception e)
            when (!ct.IsCancellationRequested
                && e is HttpRequestException or TaskCanceledException or ExecutionRejectedException or JsonException
            )
        {
            throw new ServiceUnavailableException("The documents service is unavailable.", e);
        }
    }

    /// <summary>The resume as JSON Resume (documents' GET /{id}/json-resume), with the caller's token.</summary>
    public async Task<(DocumentLookup Outcome, JsonElement? Resume)> GetJsonResumeAsync(
        Guid id,
        string? authorization,
        CancellationToken ct
    )
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/documents/{id}/json-resume");
        if (!string.IsNullOrEmpty(authorization))
            request.Headers.TryAddWithoutValidation("Authorization", authorization);
        try
        {
            using var response = await http.SendAsync(request, ct);
            if (
                response.StatusCode
                is HttpStatusCode.NotFound
                    or HttpStatusCode.Forbidden
                    or HttpStatusCode.Gone
                    or HttpStatusCode.BadRequest
            )
                return (DocumentLookup.Missing, null);
            if (response.StatusCode is HttpStatusCode.Unauthorized) return (DocumentLookup.Unauthorized, null);
            if (!response.IsSuccessStatusCode)
                throw new ServiceUnavailableException($"The documents service answered {(int)response.StatusCode}.");
            return (
                DocumentLookup.Found,
                await response.Content.ReadFromJsonAsync<JsonElement>(JsonSerializerOptions.Web, ct)
            );
        }
        catch (Exception e)
            when (!ct.IsCancellationRequested
                && e is HttpRequestException or TaskCanceledException or ExecutionRejectedException or JsonException
            )
        {
            throw new ServiceUnavailableException("The documents service is unavailable.", e);
        }
    }

    /// <summary>
    /// The small version of the caller's own photo (documents' <c>GET /internal/photos/{id}</c>, with the caller's
    /// token), or null when it is not theirs, gone, or still being resized: the export then prints without it.
    /// </summary>
    public async Task<(string ContentType, byte[] Bytes)?> GetPhotoAsync(
        Guid id,
        string? authorization,
        CancellationToken ct
    )
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/internal/photos/{id}");
        if (!string.IsNullOrEmpty(authorization))
            request.Headers.TryAddWithoutValidation("Authorization", authorization);
        try
        {
            using var response = await http.SendAsync(request, ct);
            if (response.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.Conflict or HttpStatusCode.Forbidden)
                return null;
            if (!response.IsSuccessStatusCode)
                throw new ServiceUnavailableException(
                    $"The documents service answered {(int)response.StatusCode} for a photo."
                );
            return (
                response.Content.Headers.ContentType?.MediaType ?? "application/octet-stream",
                await response.Content.ReadAsByteArrayAsync(ct)
            );
        }
        catch (Exception e)
            when (!ct.IsCancellationRequested
                && e is HttpRequestException or TaskCanceledException or ExecutionRejectedException
            )
        {
            throw new ServiceUnavailableException("The documents service is unavailable.", e);
        }
    }

    private sealed record DocumentBody(Guid Id, long? Version, string? Type, string? Title, JsonElement Data);
}

public static class DocumentsClientExtensions
{
    /// <summary>The typed client for the documents service (through discovery, with the standard resilience
    /// pipeline).</summary>
    public static IServiceCollection AddDocumentsClient(this IServiceCollection services)
    {
        services.AddHttpClient<DocumentsClient>(http => http.BaseAddress = new Uri("http://documents"))
            .AddServiceResilience(TimeSpan.FromSeconds(10));
        return services;
    }
}
