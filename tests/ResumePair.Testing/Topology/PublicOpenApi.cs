using System.Text.Json.Nodes;

namespace ResumePair.Testing.Topology;

/// <summary>
/// The OpenAPI documents a client can read through the gateway: the gateway's own and each service's, as
/// <c>/api/docs</c> (Scalar) shows them. For the lint and the fuzzer, which must see what a client sees.
/// </summary>
public static class PublicOpenApi
{
    public static readonly IReadOnlyList<string> Services = ["documents", "pdf-renderer", "ai-proxy",
        "export-orchestrator"];

    /// <summary>Name → path on the gateway.</summary>
    public static IEnumerable<(string Name, string Path)> Documents =>
        Services.Select(s => (s, $"/api/docs/openapi/{s}.json")).Append(("gateway", "/openapi/v1.json"));

    public static async Task<IReadOnlyList<(string Name, string Text)>> FetchAsync(
        Uri gateway,
        CancellationToken ct = default
    )
    {
        using var http = new HttpClient { BaseAddress = gateway, Timeout = TimeSpan.FromSeconds(60) };
        var documents = new List<(string, string)>();
        foreach (var (name, path) in Documents)
        {
            using var response = await http.GetAsync(path, ct);
            var text = await response.Content.ReadAsStringAsync(ct);
            if (!response.IsSuccessStatusCode)
                throw new HttpRequestException($"GET {path}: {(int)response.StatusCode} {text}");
            documents.Add((name, text));
        }
        return documents;
    }

    /// <summary>Every operation: document name, path template, method, and the operation object.</summary>
    public static IEnumerable<(
        string Document,
        string Path,
        string Method,
        JsonObject Operation,
        JsonObject Root
    )> Operations(IEnumerable<(string Name, string Text)> documents)
    {
        foreach (var (name, text) in documents)
        {
            var root = JsonNode.Parse(text)!.AsObject();
            foreach (var (path, item) in root["paths"]?.AsObject() ?? [])
            foreach (var (method, operation) in item!.AsObject())
                if (operation is JsonObject o && method is "get" or "put" or "post" or "delete" or "patch" or "head")
                    yield return (name, path, method.ToUpperInvariant(), o, root);
        }
    }
}
