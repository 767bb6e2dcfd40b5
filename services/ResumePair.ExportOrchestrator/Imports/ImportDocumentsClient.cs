using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ResumePair.ExportOrchestrator.Jobs.Engine;

namespace ResumePair.ExportOrchestrator.Imports;

/// <summary>
/// documents' signed <c>PUT /internal/v1/users/{userId}/documents/{documentId}</c>: creates the resume with an id we
/// choose (the job's), so a repeated attempt finds it instead of creating a second one.
/// </summary>
public sealed class ImportDocumentsClient(HttpClient http)
{
    public async Task CreateResumeAsync(
        Guid userId,
        Guid documentId,
        string title,
        JsonElement data,
        CancellationToken ct
    )
    {
        using var response = await http.PutAsJsonAsync($"/internal/v1/users/{userId}/documents/{documentId}",
            new { type = "resume", title, data }, JsonSerializerOptions.Web, ct);
        if (response.IsSuccessStatusCode) return; // 201 created, or 200: an earlier attempt already did
        var problem = await AiExtractClient.ReadProblemAsync(response, ct);
        var detail = problem.ValueKind == JsonValueKind.Object ? problem.GetRawText() : response.ReasonPhrase;
        throw response.StatusCode switch
        {
            HttpStatusCode.BadRequest => new PermanentJobException(
                $"The documents service rejected the extracted resume: {detail}"
            ),
            HttpStatusCode.Conflict => new PermanentJobException(
                "The imported resume's id is already taken (the resume was created and then deleted)."
            ),
            _ => new HttpRequestException(
                $"The documents service answered {(int)response.StatusCode}.",
                null,
                response.StatusCode
            ),
        };
    }
}
