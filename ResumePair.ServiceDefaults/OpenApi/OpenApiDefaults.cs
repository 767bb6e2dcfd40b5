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

    public static IHostApplicationBuilder AddDefaultOpenApi(this IHostApplicationBuilder builder)
    {
        var configuration = builder.Configuration;
        builder.Services.AddOpenApi(o => o.AddDocumentTransformer((document, _, _) =>
        {
            // From configuration, never from the request's Host header (which a client chooses). Without one, a
            // relative URL: the documents are read through the gateway, so "/" is the gateway's own origin.
            var url = configuration[PublicUrlKey] is { Length: > 0 } configured ? configured.TrimEnd('/') : "/";
            document.Servers = [new OpenApiServer { Url = url }];
            return Task.CompletedTask;
        }));
        return builder;
    }
}
