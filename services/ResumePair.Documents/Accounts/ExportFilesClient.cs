using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ResumePair.ServiceDefaults.Problems;

namespace ResumePair.Documents.Accounts;

/// <summary>One of the user's stored export files as the export orchestrator lists it (the name is unique in the
/// list).</summary>
public sealed record ExportFileEntry(
    Guid JobId,
    string Name,
    string ContentType,
    long SizeBytes,
    DateTimeOffset CompletedAt
);

/// <summary>
/// The export orchestrator's signed <c>/internal/v1/users/{userId}/exports</c> (through discovery,
/// <c>http://export-orchestrator</c>): the user's exported files for the data archive. The archive promises all of the
/// user's data, so an orchestrator that cannot be asked fails it (503) rather than leaving the files out.
/// </summary>
public sealed class ExportFilesClient(HttpClient http)
{
    private sealed record Listing(List<ExportFileEntry> Files);

    public async Task<IReadOnlyList<ExportFileEntry>> ListAsync(Guid userId, CancellationToken ct)
    {
        try
        {
            var listing = await http.GetFromJsonAsync<Listing>(
                $"/internal/v1/users/{userId}/exports",
                JsonSerializerOptions.Web,
                ct
            );
            return listing?.Files ?? [];
        }
        catch (Exception e) when (!ct.IsCancellationRequested)
        {
            throw new ServiceUnavailableException(
                "The export service is unavailable, so your exported files cannot be added to the archive; "
                    + "try again shortly.",
                e
            );
        }
    }

    /// <summary>Copies one file into <paramref name="open"/>'s stream; false when it is gone (expired and purged since
    /// the listing).</summary>
    public async Task<bool> CopyAsync(Guid userId, Guid jobId, Func<Stream> open, CancellationToken ct)
    {
        try
        {
            using var response = await http.GetAsync(
                $"/internal/v1/users/{userId}/exports/{jobId}",
                HttpCompletionOption.ResponseHeadersRead,
                ct
            );
            if (response.StatusCode == HttpStatusCode.NotFound) return false;
            response.EnsureSuccessStatusCode();
            await using var source = await response.Content.ReadAsStreamAsync(ct);
            await using var destination = open();
            await source.CopyToAsync(destination, ct);
            return true;
        }
        catch (Exception e) when (!ct.IsCancellationRequested && e is HttpRequestException or IOException)
        {
            throw new ServiceUnavailableException(
                "The export service broke off while sending an exported file; try again shortly.",
                e
            );
        }
    }
}
