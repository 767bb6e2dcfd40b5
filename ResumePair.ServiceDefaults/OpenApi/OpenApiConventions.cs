using System.Globalization;
using System.Reflection;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.ApiExplorer;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace ResumePair.ServiceDefaults.OpenApi;

/// <summary>
/// What every operation of every service's OpenAPI document says the same way, derived from the endpoint's own
/// metadata so the description cannot drift from the code: who may call it (the bearer scheme for routes that require
/// authorization, an explicit anonymous requirement otherwise), an operationId and a summary, the headers it reads and
/// sends (<see cref="OpenApiMetadataExtensions"/>, Idempotency-Key, RateLimit-*), and the 4xx problems the product
/// answers on every route of that kind (401 signed-in routes, 404 routes with an id, 400 routes taking input, 422 a
/// reused Idempotency-Key, 429 limited routes) — all <c>application/problem+json</c>, RFC 9457.
/// </summary>
public static partial class OpenApiConventions
{
    public const string BearerScheme = "bearer";
    public const string ProblemSchema = "Problem";
    private const string ProblemJson = "application/problem+json";

    public static Task DescribeOperationAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context,
        CancellationToken ct)
    {
        var description = context.Description;
        var metadata = description.ActionDescriptor.EndpointMetadata;
        var document = context.Document!;
        var method = metadata.OfType<MethodInfo>().FirstOrDefault();
        operation.OperationId ??= OperationId(description, method);
        operation.Summary ??= Summary(description, method);
        operation.Responses ??= [];

        var secured = metadata.OfType<IAuthorizeData>().Any() && !metadata.OfType<IAllowAnonymous>().Any();
        operation.Security =
        [
            secured
                ? new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(BearerScheme, document)] = [] }
                : new OpenApiSecurityRequirement(),
        ];
        if (secured)
            AddProblem(operation, document, 401, "No valid access token (missing, expired, or its session ended).");

        foreach (var header in metadata.OfType<OpenApiHeaderMetadata>()) AddHeader(operation, header);
        if (metadata.OfType<IdempotencyKeyMetadata>().Any())
        {
            AddHeader(operation, new OpenApiHeaderMetadata("Idempotency-Key", "Makes a retry safe: the same key with "
                + "the same body within 24 h returns the first answer and does nothing twice.", Request: true));
            AddProblem(operation, document, 422, "The Idempotency-Key was used with a different body.");
        }
        if (metadata.OfType<RateLimitedMetadata>().Any()) AddRateLimit(operation, document);

        var parameters = description.ParameterDescriptions;
        if (parameters.Any(p => p.Source == BindingSource.Path))
            AddProblem(operation, document, 404, "No such resource, or not the caller's.");
        if (operation.RequestBody is not null || parameters.Any(p => p.Source == BindingSource.Query))
            AddProblem(operation, document, 400, "The input is invalid; `errors` names each field.");
        DescribeLanguage(operation);
        return Task.CompletedTask;
    }

    /// <summary>
    /// Every answer's texts for people (problem titles, details and field messages; score reasons, version summaries
    /// and job stages where a route has them) follow Accept-Language, and Content-Language says which was used.
    /// </summary>
    private static void DescribeLanguage(OpenApiOperation operation)
    {
        AddHeader(operation,
            new OpenApiHeaderMetadata("Accept-Language", LanguageHeaders.AcceptLanguage, Request: true));
        foreach (var (status, response) in operation.Responses!)
            if (status.Length == 3 && status[0] is '4' or '5' && response is OpenApiResponse problem)
                Header(problem, "Content-Language", LanguageHeaders.ContentLanguage);
    }

    /// <summary>The bearer scheme, the shared problem schema, operationIds made unique within the document.</summary>
    public static Task DescribeDocumentAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context,
        CancellationToken ct)
    {
        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
        document.Components.SecuritySchemes[BearerScheme] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.Http,
            Scheme = "bearer",
            BearerFormat = "JWT",
            Description = "An access token from POST /api/v1/auth/login, /register or /refresh (RS256, 15 minutes).",
        };
        EnsureProblemSchema(document);
        // A group's MapGet("/") is "/api/v1/documents/"; routing matches it without the slash, as clients call it.
        if (document.Paths is { } paths)
            foreach (var path in paths.Keys.Where(p => p.Length > 1 && p.EndsWith('/')).ToList())
            {
                var trimmed = path.TrimEnd('/');
                if (!paths.ContainsKey(trimmed)) paths[trimmed] = paths[path];
                else if (paths[trimmed] is OpenApiPathItem target && paths[path].Operations is { } moved)
                    foreach (var (method, operation) in moved) (target.Operations ??= [])[method] = operation;
                paths.Remove(path);
            }
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var operations = (document.Paths ?? []).Values.SelectMany(p => p.Operations ?? []).Select(o => o.Value);
        foreach (var operation in operations)
        {
            var id = operation.OperationId ?? "operation";
            for (var n = 2; !seen.Add(id); n++) id = $"{operation.OperationId}{n}";
            operation.OperationId = id;
        }
        return Task.CompletedTask;
    }

    private static void AddRateLimit(OpenApiOperation operation, OpenApiDocument document)
    {
        var limit = new (string Name, string Description)[]
        {
            ("RateLimit-Limit", "Requests allowed in the current window."),
            ("RateLimit-Remaining", "Requests left in the current window."),
            ("RateLimit-Reset", "Seconds until the window resets."),
        };
        foreach (var (status, response) in operation.Responses!)
            if (status.StartsWith('2') && response is OpenApiResponse ok)
                foreach (var (name, text) in limit) Header(ok, name, text);
        var tooMany = AddProblem(operation, document, 429, "Over the limit: wait Retry-After seconds.");
        foreach (var (name, text) in limit) Header(tooMany, name, text);
        Header(tooMany, "Retry-After", "Seconds to wait before trying again.");
    }

    private static void AddHeader(OpenApiOperation operation, OpenApiHeaderMetadata header)
    {
        if (header.Request)
        {
            operation.Parameters ??= [];
            if (operation.Parameters.Any(p => string.Equals(p.Name, header.Name, StringComparison.OrdinalIgnoreCase)))
                return;
            operation.Parameters.Add(new OpenApiParameter
            {
                Name = header.Name,
                In = ParameterLocation.Header,
                Required = header.Required,
                Description = header.Description,
                Schema = new OpenApiSchema { Type = JsonSchemaType.String },
            });
            return;
        }
        foreach (var (status, response) in operation.Responses!)
            if ((header.Status is { } s ? status == s.ToString(CultureInfo.InvariantCulture) : status.StartsWith('2'))
                && response is OpenApiResponse target)
                Header(target, header.Name, header.Description);
    }

    private static void Header(OpenApiResponse response, string name, string description)
    {
        response.Headers ??= new Dictionary<string, IOpenApiHeader>();
        response.Headers[name] = new OpenApiHeader
        {
            Description = description,
            Schema = new OpenApiSchema { Type = JsonSchemaType.String },
        };
    }

    private static OpenApiResponse AddProblem(OpenApiOperation operation, OpenApiDocument document, int status,
        string description)
    {
        var key = status.ToString(CultureInfo.InvariantCulture);
        if (operation.Responses!.TryGetValue(key, out var existing) && existing is OpenApiResponse known)
        {
            known.Description ??= description;
            return known;
        }
        var response = new OpenApiResponse
        {
            Description = description,
            Content = new Dictionary<string, OpenApiMediaType>
            {
                [ProblemJson] = new() { Schema = new OpenApiSchemaReference(ProblemSchema, document) },
            },
        };
        operation.Responses[key] = response;
        return response;
    }

    private static void EnsureProblemSchema(OpenApiDocument document)
    {
        document.Components!.Schemas ??= new Dictionary<string, IOpenApiSchema>();
        if (document.Components.Schemas.ContainsKey(ProblemSchema)) return;
        OpenApiSchema Text(string description) => new() { Type = JsonSchemaType.String, Description = description };
        document.Components.Schemas[ProblemSchema] = new OpenApiSchema
        {
            Type = JsonSchemaType.Object,
            Description = "RFC 9457 problem details: every error of the API.",
            Properties = new Dictionary<string, IOpenApiSchema>
            {
                ["type"] = Text("A URI naming the kind of problem."),
                ["title"] = Text("A short summary of the kind of problem."),
                ["status"] = new OpenApiSchema { Type = JsonSchemaType.Integer, Format = "int32" },
                ["detail"] = Text("What went wrong with this request."),
                ["traceId"] = Text("The W3C trace id of the request, for support."),
                ["errors"] = new OpenApiSchema
                {
                    Type = JsonSchemaType.Object,
                    Description = "Validation problems: messages per field path.",
                    AdditionalProperties = new OpenApiSchema
                    {
                        Type = JsonSchemaType.Array,
                        Items = new OpenApiSchema { Type = JsonSchemaType.String },
                    },
                },
            },
            Required = new HashSet<string> { "type", "title", "status" },
        };
    }

    /// <summary><c>{feature}{Handler}</c> from the handler's class and method: DocumentsApi.GetAsync →
    /// documentsGet.</summary>
    private static string OperationId(ApiDescription description, MethodInfo? method)
    {
        if (method is not null && !method.Name.Contains('<', StringComparison.Ordinal)
            && method.DeclaringType is { } type && !type.Name.Contains('<', StringComparison.Ordinal))
        {
            var feature = Regex.Replace(type.Name, "(Api|Endpoints)$", "");
            var name = Regex.Replace(method.Name, "Async$", "");
            return char.ToLowerInvariant(feature[0]) + feature[1..] + name;
        }
        var words = NonWord().Split($"{description.HttpMethod} {description.RelativePath}").Where(w => w.Length > 0);
        var id = string.Concat(words.Select(w => char.ToUpperInvariant(w[0]) + w[1..].ToLowerInvariant()));
        return char.ToLowerInvariant(id[0]) + id[1..];
    }

    /// <summary>The handler's name as words (ForgotPasswordAsync → "Forgot password"), else method and path.</summary>
    private static string Summary(ApiDescription description, MethodInfo? method)
    {
        if (method is null || method.Name.Contains('<', StringComparison.Ordinal))
            return $"{description.HttpMethod} /{description.RelativePath}";
        var name = Regex.Replace(method.Name, "Async$", "");
        var text = new StringBuilder();
        foreach (var c in name)
        {
            if (char.IsUpper(c) && text.Length > 0) text.Append(' ').Append(char.ToLowerInvariant(c));
            else text.Append(text.Length == 0 ? char.ToUpperInvariant(c) : c);
        }
        return text.ToString();
    }

    [GeneratedRegex("[^A-Za-z0-9]+")]
    private static partial Regex NonWord();
}
