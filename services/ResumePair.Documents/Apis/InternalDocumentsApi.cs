using Microsoft.AspNetCore.Http.HttpResults;
using ResumePair.Documents.Documents;
using ResumePair.Documents.Http;
using ResumePair.Web.Internal;

namespace ResumePair.Documents.Apis;

/// <summary>
/// Service-to-service routes (never routed by the gateway; every request must be signed with the shared
/// internal key). The export orchestrator's import job creates the imported resume here on the user's behalf:
/// the user's token is long gone by the time a background job runs.
/// </summary>
public static class InternalDocumentsApi
{
    public static IEndpointRouteBuilder MapInternalDocumentsApi(this IEndpointRouteBuilder app)
    {
        app.MapPut("/internal/v1/users/{userId:guid}/documents/{documentId:guid}", CreateAsync)
            .RequireInternalAuth().ExcludeFromDescription();
        return app;
    }

    /// <summary>
    /// Creates the document with the caller's id: 201 the first time; 200 with the existing copy when this user
    /// already has it (a retried job attempt must not create a second resume, nor overwrite edits made since);
    /// 409 when the id is taken otherwise (another user's, or deleted). The body is validated like a public write.
    /// </summary>
    public static async Task<IResult> CreateAsync(
        Guid userId,
        Guid documentId,
        HttpRequest request,
        DocumentStore store,
        CancellationToken ct
    )
    {
        if (!request.HasJsonContentType())
            return TypedResults.Problem(
                statusCode: StatusCodes.Status415UnsupportedMediaType,
                title: "Unsupported media type",
                detail: "This route takes application/json."
            );
        var validation = DocumentValidator.Validate(await JsonBody.ReadAsync(request, ct));
        if (validation.Document is null) return TypedResults.ValidationProblem(validation.Errors);

        var created = await store.CreateAsync(userId, documentId, validation.Document, ct);
        if (created.Status == WriteStatus.Created) return DocumentsApi.Answer(request.HttpContext, created);
        if (await store.GetAsync(userId, documentId, ct) is { } existing)
        {
            request.HttpContext.Response.Headers.ETag = ETags.For(existing.Version);
            return TypedResults.Ok(DocumentResponse.From(existing));
        }
        return Conflict();
    }

    private static ProblemHttpResult Conflict() =>
        TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Document id taken",
            detail: "A document with this id exists and cannot be created again for this user.");
}
