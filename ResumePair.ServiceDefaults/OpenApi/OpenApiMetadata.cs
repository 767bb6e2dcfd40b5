using Microsoft.AspNetCore.Builder;
using Microsoft.OpenApi;

namespace ResumePair.ServiceDefaults.OpenApi;

/// <summary>A header an operation reads (<c>Request</c>) or its responses carry, for its OpenAPI description.</summary>
public sealed record OpenApiHeaderMetadata(string Name, string Description, bool Request, bool Required = false,
    int? Status = null);

/// <summary>The route honours <c>Idempotency-Key</c> (ResumePair.Web's <c>WithIdempotency</c> adds it).</summary>
public sealed class IdempotencyKeyMetadata
{
    public static readonly IdempotencyKeyMetadata Instance = new();
}

/// <summary>The route is rate limited: 429 with Retry-After, RateLimit-* headers on its answers.</summary>
public sealed class RateLimitedMetadata
{
    public static readonly RateLimitedMetadata Instance = new();
}

/// <summary>
/// What an endpoint tells its OpenAPI description beyond what minimal APIs infer (headers, limits); read by
/// <see cref="OpenApiConventions"/>. Routes describe themselves where they are mapped.
/// </summary>
public static class OpenApiMetadataExtensions
{
    public static TBuilder WithRequestHeader<TBuilder>(this TBuilder builder, string name, string description,
        bool required = false) where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new OpenApiHeaderMetadata(name, description, Request: true, required));

    /// <param name="status">The response that carries it; every 2xx response when null.</param>
    public static TBuilder WithResponseHeader<TBuilder>(this TBuilder builder, string name, string description,
        int? status = null) where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new OpenApiHeaderMetadata(name, description, Request: false, Status: status));

    public static TBuilder WithRateLimitDescription<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(RateLimitedMetadata.Instance);

    /// <summary>
    /// Describes a body the handler reads itself, in the given media types. Not <c>Accepts</c>: its metadata makes
    /// routing refuse other content types before the handler, which answers them itself (its own 415 problem, or
    /// sniffing an image whatever its declared type).
    /// </summary>
    public static RouteHandlerBuilder WithBodyDescription<T>(
        this RouteHandlerBuilder builder,
        params string[] contentTypes
    ) =>
        builder.AddOpenApiOperationTransformer(
            async (operation, context, ct) =>
            {
                var schema = await context.GetOrCreateSchemaAsync(typeof(T), null, ct);
                operation.RequestBody = new OpenApiRequestBody
                {
                    Required = true,
                    Content = contentTypes.ToDictionary(t => t, _ => new OpenApiMediaType { Schema = schema }),
                };
            }
        );

    /// <summary>Optimistic concurrency on a write: <c>If-Match</c> with the document's ETag.</summary>
    public static TBuilder WithIfMatch<TBuilder>(this TBuilder builder, bool required = false)
        where TBuilder : IEndpointConventionBuilder =>
        builder.WithRequestHeader("If-Match",
            "The ETag (\"<version>\") of the copy this write is based on; a stale one answers 409 with the current "
            + "copy, a weak ETag never matches.", required);

    public static TBuilder WithETag<TBuilder>(this TBuilder builder, int? status = null)
        where TBuilder : IEndpointConventionBuilder =>
        builder.WithResponseHeader("ETag", "The document's version as a strong entity tag, \"<version>\".", status);
}

/// <summary>How the language headers are described, the same on every route.</summary>
public static class LanguageHeaders
{
    public const string AcceptLanguage = "The language of the answer's texts for people: `en` (the default, also for "
        + "any language not served or a malformed header) or `de`; regional tags fall back (`de-AT` → `de`), q-values "
        + "order the choices. Codes (problem `type`, field paths, reason ids) never change with it.";

    public const string ContentLanguage = "The language the answer's texts are in (`en` or `de`).";
}
