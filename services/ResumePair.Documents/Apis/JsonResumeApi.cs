using System.Security.Claims;
using System.Text.Json;
using System.Text.Json.Nodes;
using ResumePair.Contracts.Documents;
using ResumePair.Contracts.Documents.Validation;
using ResumePair.Documents.Documents;
using ResumePair.Documents.Http;
using ResumePair.Web.Idempotency;
using ResumePair.ServiceDefaults.Auth;

namespace ResumePair.Documents.Apis;

/// <summary>Import a JSON Resume as a new resume, and export a resume as JSON Resume.</summary>
public static class JsonResumeApi
{
    public static RouteGroupBuilder MapJsonResumeApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1/documents").WithTags("Documents").RequireAuthorization();
        api.MapPost("/import", ImportAsync).WithIdempotency();
        api.MapGet("/{id:guid}/json-resume", ExportAsync);
        return api;
    }

    /// <summary><c>{format:"json-resume", data, title?}</c> → 201 with the new resume, like POST /.</summary>
    public static async Task<IResult> ImportAsync(
        HttpRequest request,
        ClaimsPrincipal user,
        DocumentStore store,
        CancellationToken ct
    )
    {
        if (!request.HasJsonContentType())
            return TypedResults.Problem(
                statusCode: 415,
                title: "Unsupported media type",
                detail: "This route takes application/json."
            );
        var body = JsonNode.Parse(await JsonBody.ReadAsync(request, ct)) as JsonObject;

        var errors = new Dictionary<string, string[]>();
        if (body?["format"] is not JsonValue format || !format.TryGetValue<string>(out var f) || f != JsonResume.Format)
            errors["format"] = [$"Must be \"{JsonResume.Format}\"."];
        if (body?["data"] is not JsonObject data) errors["data"] = ["Must be a JSON Resume object."];
        if (errors.Count > 0) return TypedResults.ValidationProblem(errors);

        var resume = JsonResume.Import((JsonObject)body!["data"]!);
        var title =
            body["title"] is JsonValue t && t.TryGetValue<string>(out var given) && !string.IsNullOrWhiteSpace(given)
                ? given
            : resume.Profile.Name is { Length: > 0 } name ? $"{name} (imported)"
            : "Imported resume";
        var envelope = JsonSerializer.SerializeToElement(
            new
            {
                type = DocumentTypes.Resume,
                title,
                data = resume,
            },
            DocumentJson.Output
        );
        var validation = DocumentValidator.Validate(envelope);
        if (validation.Document is null) return TypedResults.ValidationProblem(validation.Errors);

        var created = await store.CreateAsync(
            user.UserId(),
            Guid.CreateVersion7(),
            validation.Document,
            ct,
            IdempotencyTransaction.Of(request.HttpContext)
        );
        return DocumentsApi.Answer(request.HttpContext, created);
    }

    public static async Task<IResult> ExportAsync(
        Guid id,
        HttpContext http,
        ClaimsPrincipal user,
        DocumentStore store,
        CancellationToken ct
    )
    {
        var row = await store.GetAsync(user.UserId(), id, ct);
        if (row is null || row.Type != DocumentTypes.Resume) return DocumentsApi.NotFound();
        var resume = JsonSerializer.Deserialize<ResumeData>(row.Data, DocumentJson.Output)!;
        http.Response.Headers.ETag = ETags.For(row.Version);
        return TypedResults.Text(JsonResume.Export(resume, row.UpdatedAt).ToJsonString(), "application/json");
    }
}
