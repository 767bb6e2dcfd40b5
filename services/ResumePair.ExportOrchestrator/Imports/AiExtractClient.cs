using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ResumePair.ExportOrchestrator.Jobs.Engine;

namespace ResumePair.ExportOrchestrator.Imports;

/// <summary>
/// ai-proxy's signed <c>POST /internal/v1/extract</c> (through discovery, <c>http://ai-proxy</c>). Its answers become
/// the job's outcome: what another attempt cannot fix (quota used up for today, output invalid after the repair
/// attempt, text refused) is permanent; the provider or the proxy being down is retryable.
/// </summary>
public sealed class AiExtractClient(HttpClient http)
{
    /// <summary>The resume data, and the lines the offline parser could not place (empty for a model's
    /// answer).</summary>
    public async Task<(JsonElement Data, IReadOnlyList<string> Unplaced)> ExtractAsync(
        Guid userId,
        string text,
        string? plan,
        CancellationToken ct
    )
    {
        using var response = await http.PostAsJsonAsync(
            "/internal/v1/extract",
            new
            {
                userId,
                text,
                plan,
            },
            JsonSerializerOptions.Web,
            ct
        );
        if (response.IsSuccessStatusCode)
        {
            var body = await response.Content.ReadFromJsonAsync<JsonElement>(JsonSerializerOptions.Web, ct);
            if (!body.TryGetProperty("data", out var data) || data.ValueKind != JsonValueKind.Object)
                throw new InvalidOperationException("The AI service answered without resume data.");
            var unplaced =
                body.TryGetProperty("unplaced", out var u) && u.ValueKind == JsonValueKind.Array
                    ? u.EnumerateArray()
                        .Where(e => e.ValueKind == JsonValueKind.String)
                        .Select(e => e.GetString()!)
                        .ToList()
                    : [];
            return (data.Clone(), unplaced);
        }

        var problem = await ReadProblemAsync(response, ct);
        var detail =
            problem.TryGetProperty("detail", out var d) && d.ValueKind == JsonValueKind.String ? d.GetString() : null;
        var policy =
            problem.TryGetProperty("policy", out var p) && p.ValueKind == JsonValueKind.String ? p.GetString() : null;
        switch (response.StatusCode)
        {
            case HttpStatusCode.TooManyRequests when policy?.StartsWith("ai-daily", StringComparison.Ordinal) == true:
                throw new PermanentJobException(
                    $"Your daily AI quota is used up ({detail}). Import again tomorrow, or create the resume by hand."
                );
            case HttpStatusCode.BadGateway:
                throw new PermanentJobException(
                    "The AI could not turn this file into a valid resume: its answer did not match the resume schema, "
                        + "also after a repair attempt, so nothing was saved. "
                        + "Try another file or paste the text instead."
                );
            case HttpStatusCode.BadRequest or HttpStatusCode.UnprocessableEntity:
                throw new PermanentJobException($"The AI service refused the text: {detail ?? "invalid request"}.");
            default:
                // 503 (provider down), 429 (the vendor's per-minute capacity), 401 (keys out of step), 5xx: worth
                // another attempt.
                throw new HttpRequestException(
                    $"The AI service answered {(int)response.StatusCode}: {detail ?? response.ReasonPhrase}",
                    null,
                    response.StatusCode
                );
        }
    }

    internal static async Task<JsonElement> ReadProblemAsync(HttpResponseMessage response, CancellationToken ct)
    {
        try
        {
            return await response.Content.ReadFromJsonAsync<JsonElement>(JsonSerializerOptions.Web, ct);
        }
        catch (JsonException)
        {
            return default;
        }
    }
}
