using System.Text.Json.Nodes;
using ResumePair.Gateway.Routing;

namespace ResumePair.Gateway.Apis;

/// <summary>
/// <c>/api/docs</c>: an interactive reference over every service's OpenAPI document. The documents are
/// fetched from the services through discovery and re-based on the gateway, since clients only ever call it.
/// </summary>
public static class ApiDocsApi
{
    public const string HttpClientName = "openapi";

    public static IEndpointRouteBuilder MapApiDocs(this IEndpointRouteBuilder app)
    {
        var docs = app.MapGroup("/api/docs").AllowAnonymous().ExcludeFromDescription();
        // Script and style are files of their own: the page's Content-Security-Policy allows no inline script.
        docs.MapGet("/", () => Resource("index.html", "text/html; charset=utf-8"));
        docs.MapGet("/docs.js", () => Resource("docs.js", "text/javascript; charset=utf-8"));
        docs.MapGet("/docs.css", () => Resource("docs.css", "text/css; charset=utf-8"));
        docs.MapGet("/services", () => GatewayRouteTable.Services.Append("gateway"));
        docs.MapGet("/{service}.json", GetDocument);
        return app;
    }

    private static IResult Resource(string name, string contentType) =>
        Results.Stream(typeof(ApiDocsApi).Assembly.GetManifestResourceStream($"ResumePair.Gateway.Docs.{name}")!, contentType);

    private static async Task<IResult> GetDocument(string service, IConfiguration configuration, IHttpClientFactory httpClients,
        CancellationToken ct)
    {
        if (service == "gateway") return Results.Redirect("/openapi/v1.json");
        if (!GatewayRouteTable.Services.Contains(service))
            return Results.Problem(statusCode: 404, title: "Unknown service", detail: $"No service named '{service}' is behind this gateway.");
        try
        {
            using var response = await httpClients.CreateClient(HttpClientName).GetAsync($"http://{service}/openapi/v1.json", ct);
            if (!response.IsSuccessStatusCode)
                return Results.Problem(statusCode: 503, title: "Dependency unavailable", detail: $"{service} answered {(int)response.StatusCode} for its OpenAPI document.");
            var document = JsonNode.Parse(await response.Content.ReadAsStringAsync(ct))!;
            // From configuration, never from the request's Host header (which a client chooses); without one, the
            // document's own origin (a relative server URL).
            var server = configuration["Gateway:PublicUrl"] is { Length: > 0 } url ? url.TrimEnd('/') : "/";
            document["servers"] = new JsonArray(new JsonObject { ["url"] = server });
            return Results.Text(document.ToJsonString(), "application/json");
        }
        catch (HttpRequestException e)
        {
            return Results.Problem(statusCode: 503, title: "Dependency unavailable", detail: $"{service} is unreachable: {e.Message}");
        }
    }
}
