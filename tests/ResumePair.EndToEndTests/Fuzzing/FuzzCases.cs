using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace ResumePair.EndToEndTests.Fuzzing;

/// <summary>One request the fuzzer sends, and what it is for (printed with a failure).</summary>
public sealed record FuzzCase(string Label, HttpMethod Method, string Url, Func<HttpContent?> Content,
    IReadOnlyList<(string Name, string Value)> Headers);

/// <summary>
/// Requests for one OpenAPI operation, driven by its description: a well-formed request built from the schema
/// (real ids where the caller has them), then each path and query parameter and each body property in turn replaced by
/// malformed, boundary and hostile values (wrong types, huge and empty values, NUL, bidi controls, emoji, deep nesting,
/// traversal), malformed bodies and content types, and hostile headers.
/// </summary>
public sealed class FuzzCases(JsonObject root, string path, string method, JsonObject operation, FuzzIds ids)
{
    /// <summary>Already percent-encoded: they go into the URL as they are.</summary>
    private static readonly string[] HostileSegments =
    [
        "%00", "%E2%80%AE%E2%80%AD", "%F0%9F%99%82", "..%2F..%2Finternal", "-1", "0", "99999999999999999999",
        new('a', 2_000), "%27%20OR%201%3D1--", "null", "%25", "%FF%FE",
    ];

    private static readonly string[] HostileQueryValues =
    [
        "", "%00", "abc", "-1", "0", "1e309", "99999999999999999999", "true", "%E2%80%AE%F0%9F%99%82",
        new('q', 3_000), "%5B%5D", "%7B%7D",
    ];

    private static readonly JsonNode?[] HostileValues =
    [
        JsonValue.Create(123),
        JsonValue.Create(-1.5e308),
        JsonValue.Create(true),
        new JsonArray(),
        new JsonObject(),
        null,
        JsonValue.Create("\0"),
        JsonValue.Create("a\u0000b"),
        JsonValue.Create("\u202Eevil\u202C\u2066x\u2069"),
        JsonValue.Create("😀🏳️‍🌈𝕏"),
        JsonValue.Create(""),
        JsonValue.Create(new string('x', 100_000)),
        JsonValue.Create("../../etc/passwd"),
        JsonValue.Create("<script>alert(1)</script>"),
        Nested(40),
    ];

    public IEnumerable<FuzzCase> All()
    {
        var parameters = Parameters().ToList();
        var pathParams = parameters.Where(p => p.In == "path").ToList();
        var queryParams = parameters.Where(p => p.In == "query").ToList();
        var baselinePath = Fill(pathParams.ToDictionary(p => p.Name, p => BaselineSegment(p)));
        var (bodyType, body) = Body();

        yield return Case("baseline", baselinePath, bodyType, body);

        foreach (var p in pathParams)
            foreach (var value in HostileSegments)
            {
                var values = pathParams.ToDictionary(q => q.Name, q => q.Name == p.Name ? value : BaselineSegment(q));
                yield return Case($"path {p.Name}={Short(value)}", Fill(values), bodyType, body);
            }

        foreach (var p in queryParams)
            foreach (var value in HostileQueryValues)
                yield return Case($"query {p.Name}={Short(value)}", $"{baselinePath}?{p.Name}={value}", bodyType, body);
        if (queryParams.Count > 0)
            yield return Case(
                "query repeated",
                $"{baselinePath}?{queryParams[0].Name}=1&{queryParams[0].Name}=2",
                bodyType,
                body
            );

        foreach (var c in BodyCases(baselinePath, bodyType, body)) yield return c;
        foreach (var c in HeaderCases(baselinePath, bodyType, body)) yield return c;
    }

    private IEnumerable<FuzzCase> BodyCases(string url, string? type, JsonNode? body)
    {
        if (type is null) yield break;
        if (type == "multipart/form-data")
        {
            yield return Raw("multipart: empty", url, () => new MultipartFormDataContent());
            yield return Raw("multipart: junk file", url, () =>
                Multipart(
                    "../../etc/passwd\u0000.pdf",
                    "application/pdf",
                    Encoding.UTF8.GetBytes("%PDF-1.7\n\0\u202E junk")
                )
            );
            yield return Raw("multipart: zip bomb-ish", url, () =>
                Multipart("a.zip", "application/zip", [0x50, 0x4B, 3, 4, 0, 0])
            );
            yield return Raw("multipart: no boundary", url, () => Bytes("--x\r\n\r\n", "multipart/form-data"));
            yield return Raw("json instead of multipart", url, () => Bytes("{}", "application/json"));
            yield break;
        }
        if (!type.Contains("json", StringComparison.Ordinal))
        {
            yield return Raw("binary: empty", url, () => Bytes("", type));
            yield return Raw("binary: junk", url, () =>
                new ByteArrayContent(RandomBytes(2_048)) { Headers = { ContentType = new(type) } }
            );
            yield return Raw("binary: png magic then junk", url, () =>
                new ByteArrayContent([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0xFF])
                {
                    Headers = { ContentType = new(type) },
                }
            );
            yield return Raw("binary: json instead", url, () => Bytes("{}", "application/json"));
            yield break;
        }

        foreach (
            var text in new[] { "", "{", "nul\0", "null", "[]", "\"text\"", "1e400", "{\"a\":1,\"a\":2}", "\uFEFF{}" }
        )
            yield return Raw($"body {Short(text)}", url, () => Bytes(text, type));
        yield return Raw("body nested 5000 deep", url, () =>
            Bytes(new string('[', 5_000) + new string(']', 5_000), type)
        );
        yield return Raw("body 3 MB", url, () => Bytes("{\"a\":\"" + new string('z', 3 * 1024 * 1024) + "\"}", type));
        if (body is not null)
        {
            foreach (
                var content in new[]
                {
                    "text/plain",
                    "application/xml",
                    "application/json; charset=utf-16",
                    "application/x-www-form-urlencoded",
                }
            )
                yield return Raw($"content type {content}", url, () => Bytes(body.ToJsonString(), content));
            yield return Raw("every string hostile", url, () =>
                Bytes(MapStrings(body, "\0\u202E😀").ToJsonString(), type)
            );
        }
        if (body is JsonObject properties)
            foreach (var name in properties.Select(p => p.Key).Append("unknownField").ToList())
                foreach (var (value, i) in HostileValues.Select((v, i) => (v, i)))
                {
                    var mutated = properties.DeepClone().AsObject();
                    mutated[name] = value?.DeepClone();
                    yield return Raw($"body .{name} = hostile #{i}", url, () => Bytes(mutated.ToJsonString(), type));
                }
    }

    private IEnumerable<FuzzCase> HeaderCases(string url, string? type, JsonNode? body)
    {
        (string, string)[][] sets =
        [
            [("If-Match", "W/\"1\"")],
            [("If-Match", "\"résumé\"")],
            [("If-Match", "*, \"1\", garbage")],
            [("If-None-Match", "*")],
            [("Idempotency-Key", new string('k', 500))],
            [("Idempotency-Key", "ключ-🙂-\u202E")],
            [("Accept", "application/xml")],
            [("X-Request-Id", "<script>\u202E")],
            [("Range", "bytes=999999999-")],
            [("User-Agent", "Mozilla/5.0 résumé \u202E")],
            [("Authorization", "Bearer not.a.jwt")],
            [("Cookie", "rp_refresh=%00; rp_share_x=garbage")],
            [("Last-Event-ID", "-1")],
            [("Accept-Language", "xx-\u00e9")],
        ];
        foreach (var set in sets)
            yield return new FuzzCase($"header {set[0].Item1}: {Short(set[0].Item2)}", new HttpMethod(method), url,
                () => type is null ? null : Bytes(body?.ToJsonString() ?? "{}", type), set);
    }

    private FuzzCase Case(string label, string url, string? type, JsonNode? body) =>
        new(
            label,
            new HttpMethod(method),
            url,
            () =>
                type is null ? null
                : type.Contains("json", StringComparison.Ordinal) ? Bytes(body?.ToJsonString() ?? "{}", type)
                : type == "multipart/form-data"
                    ? Multipart("resume.pdf", "application/pdf", Encoding.UTF8.GetBytes("%PDF-1.4\n%%EOF"))
                : new ByteArrayContent(RandomBytes(64)) { Headers = { ContentType = new(type) } },
            []
        );

    private FuzzCase Raw(string label, string url, Func<HttpContent?> content) =>
        new(label, new HttpMethod(method), url, content, []);

    private sealed record Parameter(string Name, string In, JsonObject? Schema);

    private IEnumerable<Parameter> Parameters() =>
        (operation["parameters"]?.AsArray() ?? []).Select(p => Resolve(p!.AsObject()))
            .Select(p => new Parameter(p["name"]!.GetValue<string>(), p["in"]!.GetValue<string>(),
                p["schema"] is JsonObject s ? Resolve(s) : null));

    private string BaselineSegment(Parameter p)
    {
        var format = p.Schema?["format"]?.GetValue<string>();
        var type = TypeOf(p.Schema);
        if (format == "uuid")
            return (
                p.Name == "id" && path.StartsWith("/api/v1/documents", StringComparison.Ordinal)
                    ? ids.Document
                    : Guid.NewGuid()
            ).ToString();
        if (type is "integer" or "number") return "1";
        return p.Name == "id" ? ids.Document.ToString() : "fuzz-" + p.Name;
    }

    private string Fill(Dictionary<string, string> values) =>
        values.Aggregate(path, (current, v) => current.Replace("{" + v.Key + "}", v.Value, StringComparison.Ordinal));

    private (string? Type, JsonNode? Body) Body()
    {
        if (operation["requestBody"] is not JsonObject requestBody) return (null, null);
        var content = Resolve(requestBody)["content"]?.AsObject();
        if (content is null || content.Count == 0) return (null, null);
        var (type, media) = content.First();
        var schema = media?["schema"] is JsonObject s ? Resolve(s) : null;
        var sample = type.Contains("json", StringComparison.Ordinal) ? Sample(schema, 0) : null;
        if (
            sample is JsonObject o
            && o.ContainsKey("data")
            && path.StartsWith("/api/v1/documents", StringComparison.Ordinal)
        )
        {
            o["type"] = "resume";
            o["data"] = JsonSerializer.SerializeToNode(ExportFlowTests.Resume);
        }
        if (sample is JsonObject withDocument && withDocument.ContainsKey("documentId"))
            withDocument["documentId"] = ids.Document.ToString();
        return (type, sample);
    }

    /// <summary>A value the schema accepts, as far as a schema says (formats, enums, required properties and the
    /// rest).</summary>
    private JsonNode? Sample(JsonObject? schema, int depth)
    {
        if (schema is null || depth > 6) return new JsonObject();
        schema = Resolve(schema);
        if (schema["enum"] is JsonArray values && values.Count > 0) return values[0]?.DeepClone();
        if (schema["oneOf"] is JsonArray oneOf && oneOf.Count > 0) return Sample(oneOf[0] as JsonObject, depth + 1);
        if (schema["anyOf"] is JsonArray anyOf && anyOf.Count > 0)
            return Sample(anyOf.OfType<JsonObject>().FirstOrDefault(a => TypeOf(a) != "null"), depth + 1);
        return TypeOf(schema) switch
        {
            "string" => schema["format"]?.GetValue<string>() switch
            {
                "uuid" => ids.Document.ToString(),
                "date-time" => DateTime.UtcNow.ToString("O", CultureInfo.InvariantCulture),
                "email" => $"fuzz-{Guid.NewGuid():N}@example.com",
                "uri" => "https://example.com/",
                _ => "fuzz",
            },
            "integer" => 1,
            "number" => 1.5,
            "boolean" => true,
            "array" => new JsonArray(Sample(schema["items"] as JsonObject, depth + 1)),
            "object" or null when schema["properties"] is JsonObject properties => new JsonObject(
                properties.Select(p => KeyValuePair.Create(p.Key, Sample(p.Value as JsonObject, depth + 1)))
            ),
            _ => new JsonObject(),
        };
    }

    private static string? TypeOf(JsonObject? schema) => schema?["type"] switch
    {
        JsonValue v => v.GetValue<string>(),
        JsonArray a => a.Select(t => t?.GetValue<string>()).FirstOrDefault(t => t != "null"),
        _ => null,
    };

    private JsonObject Resolve(JsonObject node)
    {
        for (var i = 0; i < 10 && node["$ref"]?.GetValue<string>() is { } reference; i++)
        {
            JsonNode? target = root;
            foreach (var part in reference.TrimStart('#', '/').Split('/'))
                target = target?[part.Replace("~1", "/").Replace("~0", "~")];
            if (target is not JsonObject resolved) break;
            node = resolved;
        }
        return node;
    }

    private static JsonNode MapStrings(JsonNode node, string text) => node switch
    {
            JsonObject o => new JsonObject(
                o.Select(p => KeyValuePair.Create(p.Key, p.Value is null ? null : (JsonNode?)MapStrings(p.Value, text)))
            ),
            JsonArray a => new JsonArray(a.Select(v => v is null ? null : (JsonNode?)MapStrings(v, text)).ToArray()),
            JsonValue v when v.TryGetValue<string>(out _) => JsonValue.Create(text),
            _ => node.DeepClone(),
        };

    private static JsonNode Nested(int depth)
    {
        JsonNode node = new JsonObject { ["leaf"] = "x" };
        for (var i = 0; i < depth; i++) node = new JsonObject { ["n"] = node };
        return node;
    }

    private static ByteArrayContent Bytes(string text, string contentType)
    {
        var content = new ByteArrayContent(Encoding.UTF8.GetBytes(text));
        content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        return content;
    }

    private static MultipartFormDataContent Multipart(string fileName, string type, byte[] bytes)
    {
        var file = new ByteArrayContent(bytes) { Headers = { ContentType = new MediaTypeHeaderValue(type) } };
        return new MultipartFormDataContent { { file, "file", fileName } };
    }

    private static byte[] RandomBytes(int count)
    {
        var bytes = new byte[count];
        Random.Shared.NextBytes(bytes);
        return bytes;
    }

    private static string Short(string value) => value.Length > 24 ? $"{value[..12]}…({value.Length})" : value;
}

/// <summary>Ids of real things the fuzzing user owns, so requests reach past "not found".</summary>
public sealed record FuzzIds(Guid Document);
