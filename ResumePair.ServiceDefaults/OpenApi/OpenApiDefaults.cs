using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.OpenApi;

namespace ResumePair.ServiceDefaults.OpenApi;

/// <summary>One place for what every OpenAPI document of the product says about itself.</summary>
public static class OpenApiDefaults
{
    /// <summary>The public origin clients call (the gateway), e.g. <c>https://resumepair.example</c>.</summary>
    public const string PublicUrlKey = "Gateway:PublicUrl";

    private static readonly string[] InternalPrefixes = ["internal/", ".well-known/", "api/v1/dev/", "openapi/"];

    public static IHostApplicationBuilder AddDefaultOpenApi(this IHostApplicationBuilder builder)
    {
        var configuration = builder.Configuration;
        var service = configuration["OTEL_SERVICE_NAME"] ?? builder.Environment.ApplicationName;
        builder.Services.AddOpenApi(o =>
        {
            // Public documents only: service-to-service routes, key discovery and development helpers are never routed
            // by the gateway, so a client reading the document must not see them.
            o.ShouldInclude = d => d.RelativePath is not { } path
                || !InternalPrefixes.Any(p => path.StartsWith(p, StringComparison.Ordinal));
            o.AddDocumentTransformer((document, _, _) =>
            {
                // From configuration, never from the request's Host header (which a client chooses). Without one, a
                // relative URL: the documents are read through the gateway, so "/" is the gateway's own origin.
                var url = configuration[PublicUrlKey] is { Length: > 0 } configured ? configured.TrimEnd('/') : "/";
                document.Servers = [new OpenApiServer { Url = url }];
                document.Info ??= new OpenApiInfo();
                document.Info.Title = $"ResumePair {service} API";
                document.Info.Version = "v1";
                document.Info.Description ??= "Part of the ResumePair public API, served through the gateway. "
                    + "Errors are RFC 9457 problem details (application/problem+json).";
                return Task.CompletedTask;
            });
            o.AddOperationTransformer(OpenApiConventions.DescribeOperationAsync);
            o.AddDocumentTransformer(OpenApiConventions.DescribeDocumentAsync);
        });
        return builder;
    }
}
