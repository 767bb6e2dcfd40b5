using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Serialization;
using ResumePair.Contracts.Documents.Validation;
using ResumePair.Documents.Documents;

namespace ResumePair.Documents.Apis;

/// <summary>
/// The field rules documents are validated with (<see cref="DocumentRules"/>), so clients can check input before
/// sending it without keeping their own copy. They only change with a deployment: answered from memory with an ETag
/// of their content, and 304 to a client that already has them.
/// </summary>
public static class DocumentRulesApi
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    // Computed once: the rules are code, the same for every request and every replica of one build.
    private static readonly byte[] Body = JsonSerializer.SerializeToUtf8Bytes(DocumentRules.Describe(), Json);
    private static readonly string ETag = $"\"{Convert.ToHexStringLower(SHA256.HashData(Body))[..16]}\"";

    public static IEndpointRouteBuilder MapDocumentRulesApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/v1/documents/rules", Get)
            .WithTags("Documents")
            .RequireAuthorization()
            .WithSummary("The field rules document data is validated with")
            .WithDescription(
                "For client-side checks that match the server's. `types.{resume|cover_letter}` maps a field path (as "
                    + "validation problems report it, `[]` = every entry, e.g. `data.work[].startDate`; "
                    + "`title` is the document's title) to its rule: `required`, `notBlank`, `maxLength`, `maxItems`, "
                    + "`format` (a key of `formats`), `oneOf`, `notBefore` (a sibling field). "
                    + "Changes only with a deployment: send `If-None-Match` with the `ETag` for a 304."
            )
            .Produces<DocumentRules.RuleSet>(StatusCodes.Status200OK)
            .Produces(StatusCodes.Status304NotModified);
        return app;
    }

    public static IResult Get(HttpContext http)
    {
        http.Response.Headers.ETag = ETag;
        // Private: the route needs a token like every documents route; an hour, then revalidated (a 304 is cheap).
        http.Response.Headers.CacheControl = "private, max-age=3600";
        if (ETags.MatchesTag(http.Request.Headers.IfNoneMatch, ETag))
            return TypedResults.StatusCode(StatusCodes.Status304NotModified);
        return TypedResults.Bytes(Body, "application/json");
    }
}
