using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using ResumePair.Documents.Tests.Support;
using ResumePair.Testing;
using Xunit;

namespace ResumePair.Documents.Tests.Api;

/// <summary>
/// GET /api/v1/documents/rules: served with an ETag, and every rule it serves is one the server enforces — each
/// rule is broken on its own in an otherwise valid document, which must be refused at exactly that field.
/// </summary>
[Collection(DocumentsServiceCollection.Name)]
public sealed class DocumentRulesTests(DocumentsServiceFixture service)
{
    private const string Url = "/api/v1/documents/rules";

    [Fact]
    public async Task The_rules_need_a_token_carry_an_ETag_and_answer_304_to_a_client_that_has_them()
    {
        using var anonymous = service.CreateClient();
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync(Url)).StatusCode);

        using var client = await service.SignedInClientAsync();
        var first = await client.GetAsync(Url);
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal("application/json", first.Content.Headers.ContentType?.MediaType);
        Assert.True(first.Headers.CacheControl?.Private);
        var etag = first.Headers.ETag!;

        var rules = await first.Content.ReadFromJsonAsync<JsonElement>();
        var resume = rules.GetProperty("types").GetProperty("resume");
        Assert.True(resume.GetProperty("title").GetProperty("required").GetBoolean());
        Assert.Equal(200, resume.GetProperty("data.profile.name").GetProperty("maxLength").GetInt32());
        Assert.Equal("partial-date", resume.GetProperty("data.work[].startDate").GetProperty("format").GetString());
        Assert.Equal("startDate", resume.GetProperty("data.work[].endDate").GetProperty("notBefore").GetString());
        Assert.Equal(1000, resume.GetProperty("data.work[].highlights[]").GetProperty("maxLength").GetInt32());
        // defaults left out
        Assert.False(resume.GetProperty("data.profile.headline").TryGetProperty("required", out _));
        Assert.True(
            rules
                .GetProperty("types")
                .GetProperty("cover_letter")
                .GetProperty("data.paragraphs[]")
                .GetProperty("notBlank")
                .GetBoolean()
        );
        Assert.True(rules.GetProperty("formats").TryGetProperty("http-url", out _));

        using var again = new HttpRequestMessage(HttpMethod.Get, Url);
        again.Headers.IfNoneMatch.Add(etag);
        var notModified = await client.SendAsync(again);
        Assert.Equal(HttpStatusCode.NotModified, notModified.StatusCode);
        Assert.Equal(etag, notModified.Headers.ETag);

        using var stale = new HttpRequestMessage(HttpMethod.Get, Url);
        stale.Headers.IfNoneMatch.Add(new EntityTagHeaderValue("\"0000\""));
        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(stale)).StatusCode);
    }

    [Fact]
    public async Task The_rules_are_described_in_the_OpenAPI_document()
    {
        using var client = service.CreateClient();
        var openApi = await client.GetFromJsonAsync<JsonElement>("/openapi/v1.json");
        var get = openApi.GetProperty("paths").GetProperty(Url).GetProperty("get");
        Assert.True(get.GetProperty("responses").TryGetProperty("200", out _));
        Assert.True(get.GetProperty("responses").TryGetProperty("304", out _));
    }

    /// <summary>
    /// The web app's unit tests check its client-side validation against the served rules, read from a file; this
    /// pins that file to what the service serves. RESUMEPAIR_UPDATE_FIXTURES=1 rewrites it after a rule change.
    /// </summary>
    [Fact]
    public async Task The_web_apps_test_copy_of_the_rules_is_what_the_service_serves()
    {
        using var client = await service.SignedInClientAsync();
        var served = JsonNode.Parse(await client.GetStringAsync(Url))!;
        var file = Path.Combine(
            RepositoryPaths.Root!,
            "gateway",
            "web",
            "src",
            "components",
            "testdata",
            "document-rules.json"
        );
        if (Environment.GetEnvironmentVariable("RESUMEPAIR_UPDATE_FIXTURES") == "1")
            await File.WriteAllTextAsync(
                file,
                served.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n"
            );

        var copy = JsonNode.Parse(await File.ReadAllTextAsync(file));
        Assert.True(
            JsonNode.DeepEquals(served, copy),
            $"{file} differs from the served rules: run this test with RESUMEPAIR_UPDATE_FIXTURES=1"
        );
    }

    [Theory]
    [InlineData("resume")]
    [InlineData("cover_letter")]
    public async Task Every_served_rule_is_enforced_by_the_server_at_its_field(string type)
    {
        using var client = await service.SignedInClientAsync();
        var rules = (await client.GetFromJsonAsync<JsonElement>(Url)).GetProperty("types").GetProperty(type)
            .EnumerateObject().ToDictionary(p => p.Name, p => p.Value);
        var valid = ValidDocument(type, rules);
        Assert.Equal(HttpStatusCode.Created, (await client.PostAsJsonAsync("/api/v1/documents", valid)).StatusCode);

        var checkedRules = 0;
        foreach (var (path, rule) in rules)
        {
            foreach (var (aspect, breaking) in Violations(path, rule))
            {
                var document = valid.DeepClone().AsObject();
                breaking(document, rules);
                var answer = await client.PostAsJsonAsync("/api/v1/documents", document);
                var where = $"{type} {path} {aspect}";
                Assert.True(answer.StatusCode == HttpStatusCode.BadRequest, $"{where}: {answer.StatusCode}");
                var errors = (await answer.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
                var expected = Concrete(path);
                Assert.True(
                    errors.TryGetProperty(expected, out _),
                    $"{where}: errors at {string.Join(", ", errors.EnumerateObject().Select(e => e.Name))}"
                );
                Assert.Single(errors.EnumerateObject());
                checkedRules++;
            }
        }
        Assert.True(checkedRules > (type == "resume" ? 60 : 20), $"only {checkedRules} rules checked");
    }

    /// <summary>
    /// The converse: nothing the rules do not mark required is required. For every list of entries, an entry holding
    /// only its required fields is accepted, and an empty entry is refused exactly at its required fields — never at a
    /// field the rules call optional (an empty link once failed at <c>links[0].label</c> while the rules marked the
    /// URL).
    /// </summary>
    [Theory]
    [InlineData("resume")]
    [InlineData("cover_letter")]
    public async Task Only_what_the_served_rules_require_is_required(string type)
    {
        using var client = await service.SignedInClientAsync();
        var rules = (await client.GetFromJsonAsync<JsonElement>(Url)).GetProperty("types").GetProperty(type)
            .EnumerateObject().ToDictionary(p => p.Name, p => p.Value);
        var valid = ValidDocument(type, rules);
        // "data.work[].company" → "data.work[]"; "data.customSections[].items[].title" → both lists.
        var lists = rules.Keys.SelectMany(k => Enumerable.Range(0, k.Length)
                .Where(i => string.CompareOrdinal(k, i, "[].", 0, 3) == 0).Select(i => k[..(i + 2)]))
            .Distinct().ToList();
        Assert.NotEmpty(lists);
        foreach (var list in lists)
        {
            var required = rules.Where(r => r.Key.StartsWith(list + ".", StringComparison.Ordinal)
                && !r.Key[(list.Length + 1)..].Contains('.') && r.Value.TryGetProperty("required", out _))
                .Select(r => r.Key).ToList();
            var minimal = new JsonObject();
            foreach (var path in required) minimal[path[(list.Length + 1)..]] = ValidValue(rules[path]);

            var document = valid.DeepClone().AsObject();
            Set(document, list, minimal, rules);
            var answer = await client.PostAsJsonAsync("/api/v1/documents", document);
            Assert.True(
                answer.StatusCode == HttpStatusCode.Created,
                $"{type} {list} with only {string.Join(", ", required)}: "
                    + $"{answer.StatusCode} {await answer.Content.ReadAsStringAsync()}"
            );

            var empty = valid.DeepClone().AsObject();
            Set(empty, list, new JsonObject(), rules);
            var refused = await client.PostAsJsonAsync("/api/v1/documents", empty);
            if (required.Count == 0)
            {
                Assert.True(
                    refused.StatusCode == HttpStatusCode.Created,
                    $"{type} {list} empty entry: {refused.StatusCode}"
                );
                continue;
            }
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
            var errors = (await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors")
                .EnumerateObject().Select(e => e.Name).Order().ToList();
            Assert.Equal(required.Select(Concrete).Order().ToList(), errors);
        }
    }

    /// <summary>Each aspect of a rule, and how to break just that aspect in a valid document.</summary>
    private static IEnumerable<(string Aspect, Action<JsonObject, Dictionary<string, JsonElement>> Break)> Violations(
        string path,
        JsonElement rule
    )
    {
        var format = rule.TryGetProperty("format", out var f) ? f.GetString() : null;
        if (rule.TryGetProperty("required", out _)) yield return ("required", (d, r) => Set(d, path, "   ", r));
        if (rule.TryGetProperty("notBlank", out _)) yield return ("notBlank", (d, r) => Set(d, path, " ", r));
        if (rule.TryGetProperty("maxLength", out var max))
        {
            var tooLong = format switch
            {
                "http-url" => "https://example.com/".PadRight(max.GetInt32() + 1, 'a'),
                "email" => "a@".PadRight(max.GetInt32() + 1, 'x'),
                _ => new string('x', max.GetInt32() + 1),
            };
            yield return ("maxLength", (d, r) => Set(d, path, tooLong, r));
        }
        if (rule.TryGetProperty("maxItems", out var items))
            yield return ("maxItems", (d, r) =>
                Set(
                    d,
                    path,
                    new JsonArray(
                        Enumerable.Range(0, items.GetInt32() + 1).Select(_ => Entry($"{path}[]", r)).ToArray()
                    ),
                    r
                )
            );
        if (format is not null)
        {
            var malformed = format switch
            {
                "partial-date" => "2021-02-30",
                "http-url" => "ftp://example.com",
                "email" => "a b",
                "hex-color" => "teal",
                _ => throw new InvalidOperationException(format),
            };
            yield return ("format", (d, r) => Set(d, path, malformed, r));
        }
        if (rule.TryGetProperty("oneOf", out _)) yield return ("oneOf", (d, r) => Set(d, path, "none-of-them", r));
        if (rule.TryGetProperty("minimum", out var least))
            yield return ("minimum", (d, r) => Set(d, path, least.GetDouble() - 1, r));
        if (rule.TryGetProperty("maximum", out var most))
            yield return ("maximum", (d, r) => Set(d, path, most.GetDouble() + 1, r));
        if (rule.TryGetProperty("notBefore", out var sibling))
            yield return ("notBefore", (d, r) =>
            {
                Set(d, path[..(path.LastIndexOf('.') + 1)] + sibling.GetString(), "2021-05", r);
                Set(d, path, "2021-04", r);
            });
    }

    /// <summary>The document with only the required fields filled in (outside list entries), validly.</summary>
    private static JsonObject ValidDocument(string type, Dictionary<string, JsonElement> rules)
    {
        var document = new JsonObject { ["type"] = type, ["data"] = new JsonObject() };
        foreach (var (path, rule) in rules)
            if (rule.TryGetProperty("required", out _) && !path.Contains("[]", StringComparison.Ordinal))
                Set(document, path, ValidValue(rule), rules);
        return document;
    }

    private static JsonNode ValidValue(JsonElement rule) =>
        rule.TryGetProperty("maxItems", out _) ? new JsonArray()
        : rule.TryGetProperty("oneOf", out var oneOf) ? oneOf[0].GetString()!
        : (rule.TryGetProperty("format", out var f) ? f.GetString() : null) switch
        {
            "partial-date" => "2020-01",
            "http-url" => "https://example.com/",
            "email" => "ann@example.com",
            _ => "x",
        };

    /// <summary>A list entry at <paramref name="prefix"/> (<c>data.work[]</c>) with every scalar field valid; a string
    /// for string lists.</summary>
    private static JsonNode Entry(string prefix, Dictionary<string, JsonElement> rules)
    {
        if (!rules.Keys.Any(k => k.StartsWith(prefix + ".", StringComparison.Ordinal)))
            return ValidValue(rules[prefix]);
        var entry = new JsonObject();
        foreach (var (path, rule) in rules)
        {
            if (!path.StartsWith(prefix + ".", StringComparison.Ordinal)) continue;
            var name = path[(prefix.Length + 1)..];
            if (!name.Contains('.') && !name.Contains('[')) entry[name] = ValidValue(rule);
        }
        return entry;
    }

    /// <summary>Sets the value at a rule path, creating objects and one valid entry for each <c>[]</c> on the
    /// way.</summary>
    private static void Set(JsonObject document, string path, JsonNode value, Dictionary<string, JsonElement> rules)
    {
        var segments = path.Split('.');
        JsonObject node = document;
        var prefix = "";
        for (var i = 0; i < segments.Length; i++)
        {
            var segment = segments[i];
            var isList = segment.EndsWith("[]", StringComparison.Ordinal);
            var name = isList ? segment[..^2] : segment;
            prefix = prefix.Length == 0 ? segment : $"{prefix}.{segment}";
            var last = i == segments.Length - 1;
            if (last && !isList)
            {
                node[name] = value;
                return;
            }
            if (last)
            {
                node[name] = new JsonArray(value);
                return;
            }
            if (!isList)
            {
                node = node[name] as JsonObject ?? (JsonObject)(node[name] = new JsonObject());
                continue;
            }
            if (node[name] is not JsonArray { Count: > 0 } list)
                node[name] = list = new JsonArray(Entry(prefix, rules));
            node = list[0]!.AsObject();
        }
    }

    /// <summary><c>data.work[].highlights[]</c> → <c>data.work[0].highlights[0]</c>, as problems report it.</summary>
    private static string Concrete(string path) => path.Replace("[]", "[0]", StringComparison.Ordinal);
}
