using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Dapper;
using ResumePair.Documents.Tests.Support;
using Xunit;

namespace ResumePair.Documents.Tests.Api;

/// <summary>
/// Malformed, oversized, deeply nested, wrong-typed and hostile JSON to every write route: never a 500, and
/// nothing stored for anything invalid (row counts before and after).
/// </summary>
[Collection(DocumentsServiceCollection.Name)]
public sealed class HostileInputTests(DocumentsServiceFixture service)
{
    private static string Deep(int depth, string open, string close, string inner = "1") =>
        new StringBuilder()
            .Insert(0, open, depth)
            .Append(inner)
            .Insert(depth * open.Length + inner.Length, close, depth)
            .ToString();

    private static string Doc(string data, string title = "\"t\"", string type = "\"resume\"") =>
        $$"""{"type":{{type}},"title":{{title}},"data":{{data}}}""";

    /// <summary>Bodies that must all be refused (4xx) on every document write route.</summary>
    public static IEnumerable<(string Name, byte[] Body)> Invalid()
    {
        var texts = new (string, string)[]
        {
            ("empty", ""),
            ("null", "null"),
            ("array", "[]"),
            ("string", "\"resume\""),
            ("number", "42"),
            ("truncated", "{\"type\":\"resume\",\"title\":"),
            ("garbage", "not json at all"),
            ("trailing garbage", Doc("{}") + "xyz"),
            ("nul byte", "{\"type\":\"resume\",\u0000}"),
            ("single quotes", "{'type':'resume'}"),
            ("comments", "/*x*/" + Doc("{}")),
            ("empty object", "{}"),
            ("wrong types", """{"type":1,"title":[],"data":"x"}"""),
            ("data is array", Doc("[]")),
            ("profile is string", Doc("""{"profile":"x"}""")),
            ("work is object", Doc("""{"work":{"company":"A"}}""")),
            ("title is object", Doc("{}", title: "{\"a\":1}")),
            ("unknown type", Doc("{}", type: "\"<script>alert(1)</script>\"")),
            ("unknown field", Doc("""{"profile":{"name":"A"},"evil":"<img src=x onerror=alert(1)>"}""")),
            ("proto pollution", Doc("""{"__proto__":{"admin":true}}""")),
            ("duplicate keys", """{"type":"resume","type":"cover_letter","title":"t","data":{}}"""),
            ("huge number title", Doc("{}", title: "1e999999")),
            ("huge number in data", Doc("""{"skills":[{"name":"C#","level":1e400}]}""")),
            ("huge integer in data", Doc("""{"skills":[{"name":"C#","level":123456789012345678901234567890}]}""")),
            ("10k-deep arrays", Deep(10_000, "[", "]")),
            ("10k-deep objects in data", Doc(Deep(10_000, "{\"a\":", "}", "{}"))),
            ("100-deep in custom section", Doc("""{"custom":[{"title":"x","items":""" + Deep(100, "[", "]") + "}]}")),
            ("lone surrogate", Doc("{}", title: "\"\\ud800\"")),
            ("oversized", Doc("{\"profile\":{\"name\":\"A\",\"summary\":\"" + new string('x', 1_200_000) + "\"}}")),
            ("title too long", Doc("{}", title: $"\"{new string('t', 100_000)}\"")),
        };
        foreach (var (name, text) in texts) yield return (name, Encoding.UTF8.GetBytes(text));
        yield return ("invalid UTF-8", [0x7b, 0x22, 0xff, 0xfe, 0x22, 0x3a, 0x31, 0x7d]);
        yield return ("UTF-16", Encoding.Unicode.GetBytes(Doc("{}")));
    }

    private async Task<Dictionary<string, long>> CountsAsync()
    {
        await using var conn = await service.Database.OpenConnectionAsync();
        var counts = new Dictionary<string, long>();
        foreach (
            var table in new[]
            {
                "users",
                "documents",
                "document_versions",
                "idempotency_keys",
                "outbox_messages",
                "sessions",
                "mail_outbox",
            }
        )
            counts[table] = await conn.ExecuteScalarAsync<long>($"SELECT count(*) FROM {table}");
        counts["max version"] = await conn.ExecuteScalarAsync<long>("SELECT coalesce(max(version), 0) FROM documents");
        return counts;
    }

    [Fact]
    public async Task Every_write_route_refuses_bad_bodies_without_a_500_and_stores_nothing()
    {
        using var client = await service.SignedInClientAsync();
        var created = await client.PostAsJsonAsync(
            "/api/v1/documents",
            new
            {
                type = "resume",
                title = "CV",
                data = new { profile = new { name = "A" } },
            }
        );
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString();
        using var anonymous = service.CreateClient();

        var routes = new (
            string Name,
            HttpClient Client,
            HttpMethod Method,
            string Url,
            string ContentType,
            bool IfMatch,
            Func<byte[], byte[]> Wrap
        )[]
        {
            ("POST /documents", client, HttpMethod.Post, "/api/v1/documents", "application/json", false, b => b),
            (
                "PUT /documents/{new}",
                client,
                HttpMethod.Put,
                $"/api/v1/documents/{Guid.NewGuid()}",
                "application/json",
                false,
                b => b
            ),
            ("PUT /documents/{id}", client, HttpMethod.Put, $"/api/v1/documents/{id}", "application/json", true, b =>
                b
            ),
            (
                "PATCH /documents/{id}",
                client,
                HttpMethod.Patch,
                $"/api/v1/documents/{id}",
                "application/merge-patch+json",
                true,
                b => b
            ),
            (
                "PATCH /documents/{id} data",
                client,
                HttpMethod.Patch,
                $"/api/v1/documents/{id}",
                "application/merge-patch+json",
                true,
                b => [.. "{\"data\":"u8.ToArray(), .. b, .. "}"u8.ToArray()]
            ),
            ("POST /import", client, HttpMethod.Post, "/api/v1/documents/import", "application/json", false, b => b),
            ("POST /import data", client, HttpMethod.Post, "/api/v1/documents/import", "application/json", false, b =>
                [.. "{\"format\":\"json-resume\",\"data\":"u8.ToArray(), .. b, .. "}"u8.ToArray()]
            ),
            (
                "POST /{id}/versions/1/restore",
                client,
                HttpMethod.Post,
                $"/api/v1/documents/{id}/versions/1/restore",
                "application/json",
                false,
                b => b
            ),
            ("POST /register", anonymous, HttpMethod.Post, "/api/v1/auth/register", "application/json", false, b => b),
            ("POST /login", anonymous, HttpMethod.Post, "/api/v1/auth/login", "application/json", false, b => b),
            ("POST /refresh", anonymous, HttpMethod.Post, "/api/v1/auth/refresh", "application/json", false, b => b),
            (
                "POST /password/forgot",
                anonymous,
                HttpMethod.Post,
                "/api/v1/auth/password/forgot",
                "application/json",
                false,
                b => b
            ),
            (
                "POST /password/reset",
                anonymous,
                HttpMethod.Post,
                "/api/v1/auth/password/reset",
                "application/json",
                false,
                b => b
            ),
            (
                "POST /email/verify",
                anonymous,
                HttpMethod.Post,
                "/api/v1/auth/email/verify",
                "application/json",
                false,
                b => b
            ),
        };

        var before = await CountsAsync();
        var failures = new List<string>();
        foreach (var (bodyName, body) in Invalid())
        foreach (var route in routes)
        {
            // A version restore takes no body: what matters is that a hostile one does not change its outcome into a
            // 500.
            var request = new HttpRequestMessage(route.Method, route.Url)
            {
                Content = new ByteArrayContent(route.Wrap(body)),
            };
            request.Content.Headers.ContentType = new MediaTypeHeaderValue(route.ContentType);
            if (route.IfMatch) request.Headers.IfMatch.Add(new EntityTagHeaderValue("\"1\""));
            request.Headers.Add("Idempotency-Key", $"fuzz-{Guid.NewGuid()}");
            var response = await route.Client.SendAsync(request);
            var status = (int)response.StatusCode;
            // Allowed to succeed: a version restore (it takes no body) and an empty merge patch (a no-op by RFC 7396).
            var mayPass =
                route.Name.Contains("restore", StringComparison.Ordinal)
                || (route.Name.StartsWith("PATCH", StringComparison.Ordinal) && bodyName == "empty object");
            if (status >= 500 || (status < 400 && !mayPass))
                failures.Add(
                    $"{route.Name} with {bodyName}: {status} {Truncate(await response.Content.ReadAsStringAsync())}"
                );
            else if (status >= 400 && response.Content.Headers.ContentType?.MediaType != "application/problem+json")
                failures.Add($"{route.Name} with {bodyName}: {status} is not problem details");
        }
        Assert.True(failures.Count == 0, string.Join("\n", failures));

        // The version restore is the one route here that may succeed (it ignores bodies); it writes only a version.
        var after = await CountsAsync();
        foreach (var table in new[] { "users", "documents", "sessions", "mail_outbox", "outbox_messages" })
            Assert.True(before[table] == after[table], $"{table}: {before[table]} → {after[table]}");
    }

    [Theory]
    [InlineData("<script>alert('x')</script>")]
    [InlineData("\"><img src=x onerror=alert(1)>")]
    [InlineData("tab\tnew\nline\rbell\u0007nul\u0000esc\u001b")]
    [InlineData("'; DROP TABLE documents; --")]
    [InlineData("\u202Egnp.exe")]
    [InlineData("emoji 🧑‍💻 and 𝔘𝔫𝔦𝔠𝔬𝔡𝔢")]
    public async Task Hostile_text_in_valid_fields_is_refused_or_stored_verbatim_never_interpreted(string text)
    {
        using var client = await service.SignedInClientAsync();
        var response = await client.PostAsJsonAsync(
            "/api/v1/documents",
            new
            {
                type = "resume",
                title = text,
                data = new { profile = new { name = text, summary = text } },
            }
        );
        Assert.True((int)response.StatusCode is 201 or 400, $"{(int)response.StatusCode}");
        if (response.StatusCode != HttpStatusCode.Created) return;
        var location = response.Headers.Location;
        var stored = await client.GetFromJsonAsync<JsonElement>(location);
        Assert.Equal(text, stored.GetProperty("title").GetString());
        Assert.Equal(text, stored.GetProperty("data").GetProperty("profile").GetProperty("summary").GetString());
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"{location}/json-resume")).StatusCode);
    }

    private static string Truncate(string s) => s.Length > 300 ? s[..300] : s;
}
