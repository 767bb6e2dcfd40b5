using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Dapper;
using ResumePair.Documents.Tests.Support;
using Xunit;

namespace ResumePair.Documents.Tests.Api;

[Collection(DocumentsServiceCollection.Name)]
public sealed class DocumentsApiTests(DocumentsServiceFixture service)
{
    private const string Url = "/api/v1/documents";

    private static object Resume(string title = "My CV", string name = "Ann Example") => new
    {
        type = "resume",
        title,
        data = new
        {
                profile = new
                {
                    name,
                    email = "ann@example.com",
                    website = "https://ann.example.com",
                },
                work = new[]
                {
                    new
                    {
                        company = "Acme",
                        position = "Engineer",
                        startDate = "2020-01",
                        highlights = new[] { "Shipped" },
                    },
                },
        },
    };

    private static async Task<JsonElement> Json(HttpResponseMessage response) =>
        await response.Content.ReadFromJsonAsync<JsonElement>();

    private static HttpRequestMessage Request(
        HttpMethod method,
        string url,
        object body,
        string? ifMatch = null,
        string contentType = "application/json"
    )
    {
        var request = new HttpRequestMessage(method, url)
        {
            Content = new StringContent(JsonSerializer.Serialize(body), Encoding.UTF8, contentType),
        };
        if (ifMatch is not null) request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        return request;
    }

    private static async Task<(string Id, string ETag)> CreateAsync(HttpClient client, object? body = null)
    {
        var response = await client.PostAsJsonAsync(Url, body ?? Resume());
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return ((await Json(response)).GetProperty("id").GetString()!, response.Headers.ETag!.Tag);
    }

    [Fact]
    public async Task Create_answers_201_with_Location_ETag_and_the_document_which_GET_returns()
    {
        using var client = await service.SignedInClientAsync();
        var created = await client.PostAsJsonAsync(Url, Resume());

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal("\"1\"", created.Headers.ETag?.Tag);
        var body = await Json(created);
        var id = body.GetProperty("id").GetString();
        Assert.Equal($"/api/v1/documents/{id}", created.Headers.Location?.OriginalString);
        Assert.Equal(1, body.GetProperty("version").GetInt64());
        Assert.Equal("Ann Example", body.GetProperty("data").GetProperty("profile").GetProperty("name").GetString());

        var get = await client.GetAsync(created.Headers.Location);
        Assert.Equal(HttpStatusCode.OK, get.StatusCode);
        Assert.Equal("\"1\"", get.Headers.ETag?.Tag);
        Assert.Equal(body.GetProperty("data").ToString(), (await Json(get)).GetProperty("data").ToString());

        var notModified = new HttpRequestMessage(HttpMethod.Get, created.Headers.Location);
        notModified.Headers.IfNoneMatch.Add(new EntityTagHeaderValue("\"1\""));
        Assert.Equal(HttpStatusCode.NotModified, (await client.SendAsync(notModified)).StatusCode);
    }

    [Fact]
    public async Task Put_with_If_Match_replaces_bumps_the_version_and_records_it()
    {
        using var client = await service.SignedInClientAsync();
        var (id, etag) = await CreateAsync(client);

        var put = await client.SendAsync(Request(HttpMethod.Put, $"{Url}/{id}", Resume(title: "Renamed"), etag));
        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        Assert.Equal("\"2\"", put.Headers.ETag?.Tag);
        Assert.Equal("Renamed", (await Json(put)).GetProperty("title").GetString());

        await using var conn = await service.Database.OpenConnectionAsync();
        var versions = (
            await conn.QueryAsync<(long Version, string Title)>(
                "SELECT version, title FROM document_versions WHERE document_id = @id ORDER BY version",
                new { id = Guid.Parse(id) }
            )
        ).ToList();
        Assert.Equal([(1L, "My CV"), (2L, "Renamed")], versions);
    }

    [Fact]
    public async Task A_stale_If_Match_is_409_with_the_current_server_copy()
    {
        using var client = await service.SignedInClientAsync();
        var (id, etag) = await CreateAsync(client);
        Assert.Equal(
            HttpStatusCode.OK,
            (await client.SendAsync(Request(HttpMethod.Put, $"{Url}/{id}", Resume(title: "Tab A"), etag))).StatusCode
        );

        var stale = await client.SendAsync(Request(HttpMethod.Put, $"{Url}/{id}", Resume(title: "Tab B"), etag));
        Assert.Equal(HttpStatusCode.Conflict, stale.StatusCode);
        Assert.Equal("application/problem+json", stale.Content.Headers.ContentType?.MediaType);
        var current = (await Json(stale)).GetProperty("current");
        Assert.Equal("Tab A", current.GetProperty("title").GetString());
        Assert.Equal(2, current.GetProperty("version").GetInt64());
    }

    [Fact]
    public async Task Put_creates_with_the_client_id_and_a_retry_without_If_Match_answers_the_same_document()
    {
        using var client = await service.SignedInClientAsync();
        var id = Guid.NewGuid();

        var created = await client.PutAsJsonAsync($"{Url}/{id}", Resume());
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal(id.ToString(), (await Json(created)).GetProperty("id").GetString());

        var retry = await client.PutAsJsonAsync($"{Url}/{id}", Resume());
        Assert.Equal(HttpStatusCode.OK, retry.StatusCode);
        Assert.Equal("\"1\"", retry.Headers.ETag?.Tag);

        var changed = await client.PutAsJsonAsync($"{Url}/{id}", Resume(title: "Different"));
        Assert.Equal((HttpStatusCode)428, changed.StatusCode);
    }

    [Fact]
    public async Task Merge_patch_changes_only_what_it_names_and_needs_its_media_type_and_If_Match()
    {
        using var client = await service.SignedInClientAsync();
        var (id, etag) = await CreateAsync(client);
        var patch = new
        {
            title = "Patched",
            data = new { profile = new { headline = "Engineer", website = (string?)null } },
        };

        var noIfMatch = await client.SendAsync(
            Request(HttpMethod.Patch, $"{Url}/{id}", patch, contentType: "application/merge-patch+json")
        );
        Assert.Equal((HttpStatusCode)428, noIfMatch.StatusCode);
        var wrongType = await client.SendAsync(Request(HttpMethod.Patch, $"{Url}/{id}", patch, etag));
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, wrongType.StatusCode);

        var ok = await client.SendAsync(
            Request(HttpMethod.Patch, $"{Url}/{id}", patch, etag, "application/merge-patch+json")
        );
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        var body = await Json(ok);
        Assert.Equal("Patched", body.GetProperty("title").GetString());
        Assert.Equal(2, body.GetProperty("version").GetInt64());
        var profile = body.GetProperty("data").GetProperty("profile");
        Assert.Equal("Engineer", profile.GetProperty("headline").GetString());
        Assert.Equal("Ann Example", profile.GetProperty("name").GetString());
        Assert.False(profile.TryGetProperty("website", out _));
        Assert.Equal("Acme", body.GetProperty("data").GetProperty("work")[0].GetProperty("company").GetString());

        var stale = await client.SendAsync(
            Request(HttpMethod.Patch, $"{Url}/{id}", new { title = "Late" }, etag, "application/merge-patch+json")
        );
        Assert.Equal(HttpStatusCode.Conflict, stale.StatusCode);
        Assert.Equal("Patched", (await Json(stale)).GetProperty("current").GetProperty("title").GetString());

        var invalid = await client.SendAsync(
            Request(
                HttpMethod.Patch,
                $"{Url}/{id}",
                new { data = new { work = new[] { new { startDate = "2020-13" } } } },
                "\"2\"",
                "application/merge-patch+json"
            )
        );
        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        Assert.True((await Json(invalid)).GetProperty("errors").TryGetProperty("data.work[0].startDate", out _));
    }

    [Fact]
    public async Task Invalid_data_is_400_with_field_paths()
    {
        using var client = await service.SignedInClientAsync();
        var response = await client.PostAsJsonAsync(Url, new
        {
            type = "resume",
            title = "CV",
            data = new
            {
                profile = new { name = "", website = "javascript:alert(1)" },
                work = new[] { new { company = "Acme", startDate = "2020-1", endDate = "2019" } },
            },
        });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await Json(response)).GetProperty("errors");
        Assert.True(errors.TryGetProperty("data.profile.name", out _));
        Assert.True(errors.TryGetProperty("data.profile.website", out _));
        Assert.True(errors.TryGetProperty("data.work[0].startDate", out _));
    }

    [Theory]
    [InlineData(
        """{"type":"resume","title":"CV","data":{"profile":{"name":"A","nickname":"x"}}}""",
        "data.profile.nickname"
    )]
    [InlineData(
        """{"type":"resume","title":"CV","data":{"profile":{"name":"A"},"work":[{"startDate":2020}]}}""",
        "data.work[0].startDate"
    )]
    [InlineData("""{"type":"resume","title":"CV","data":{"profile":{"name":"A"}},"owner":"me"}""", "owner")]
    [InlineData("""{"type":"letter","title":"CV","data":{}}""", "type")]
    [InlineData("""{"type":"cover_letter","title":"Hi","data":{"paragraphs":"one"}}""", "data.paragraphs")]
    public async Task Unknown_fields_and_wrong_types_are_400_naming_the_field(string json, string path)
    {
        using var client = await service.SignedInClientAsync();
        var response = await client.PostAsync(Url, new StringContent(json, Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True(
            (await Json(response)).GetProperty("errors").TryGetProperty(path, out _),
            await response.Content.ReadAsStringAsync()
        );
    }

    [Fact]
    public async Task Malformed_JSON_and_other_media_types_are_problems_not_500s()
    {
        using var client = await service.SignedInClientAsync();
        var malformed = await client.PostAsync(Url, new StringContent("{\"type\":", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, malformed.StatusCode);
        Assert.Equal("application/problem+json", malformed.Content.Headers.ContentType?.MediaType);

        var text = await client.PostAsync(Url, new StringContent("hello", Encoding.UTF8, "text/plain"));
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, text.StatusCode);
    }

    [Fact]
    public async Task A_body_over_1_MiB_is_413()
    {
        using var client = await service.SignedInClientAsync();
        var big = Resume(name: new string('x', 1024 * 1024));
        var response = await client.PostAsJsonAsync(Url, big);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Another_users_document_is_404_for_every_method_and_absent_from_their_list()
    {
        using var alice = await service.SignedInClientAsync();
        using var bob = await service.SignedInClientAsync();
        var (id, etag) = await CreateAsync(alice);

        Assert.Equal(HttpStatusCode.NotFound, (await bob.GetAsync($"{Url}/{id}")).StatusCode);
        Assert.Equal(
            HttpStatusCode.NotFound,
            (await bob.SendAsync(Request(HttpMethod.Put, $"{Url}/{id}", Resume(), etag))).StatusCode
        );
        Assert.Equal(HttpStatusCode.NotFound, (await bob.PutAsJsonAsync($"{Url}/{id}", Resume())).StatusCode);
        Assert.Equal(
            HttpStatusCode.NotFound,
            (
                await bob.SendAsync(
                    Request(HttpMethod.Patch, $"{Url}/{id}", new { title = "x" }, etag, "application/merge-patch+json")
                )
            ).StatusCode
        );
        Assert.Equal(HttpStatusCode.NotFound, (await bob.DeleteAsync($"{Url}/{id}")).StatusCode);
        Assert.Empty((await bob.GetFromJsonAsync<JsonElement>(Url)).GetProperty("items").EnumerateArray());

        Assert.Equal(HttpStatusCode.OK, (await alice.GetAsync($"{Url}/{id}")).StatusCode);
    }

    [Fact]
    public async Task An_idempotent_POST_replayed_answers_the_same_and_creates_one_document()
    {
        using var client = await service.SignedInClientAsync();
        var key = Guid.NewGuid().ToString();
        HttpRequestMessage Post(object body)
        {
            var request = Request(HttpMethod.Post, Url, body);
            request.Headers.Add("Idempotency-Key", key);
            return request;
        }

        var first = await client.SendAsync(Post(Resume()));
        var second = await client.SendAsync(Post(Resume()));
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.Created, second.StatusCode);
        Assert.Equal(await first.Content.ReadAsStringAsync(), await second.Content.ReadAsStringAsync());
        Assert.Equal(first.Headers.Location, second.Headers.Location);
        Assert.Equal(first.Headers.ETag, second.Headers.ETag);

        var list = await client.GetFromJsonAsync<JsonElement>(Url);
        Assert.Single(list.GetProperty("items").EnumerateArray());

        var different = await client.SendAsync(Post(Resume(title: "Another")));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, different.StatusCode);
        Assert.Equal("application/problem+json", different.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Concurrent_requests_with_one_Idempotency_Key_create_one_document()
    {
        using var client = await service.SignedInClientAsync();
        var key = Guid.NewGuid().ToString();
        var responses = await Task.WhenAll(Enumerable.Range(0, 5).Select(_ =>
        {
            var request = Request(HttpMethod.Post, Url, Resume());
            request.Headers.Add("Idempotency-Key", key);
            return client.SendAsync(request);
        }));
        Assert.All(responses, r => Assert.Equal(HttpStatusCode.Created, r.StatusCode));
        Assert.Single(responses.Select(r => r.Headers.Location).Distinct());
        Assert.Single((await client.GetFromJsonAsync<JsonElement>(Url)).GetProperty("items").EnumerateArray());
    }

    [Fact]
    public async Task The_list_is_newest_first_filtered_by_type_and_paged_by_cursor()
    {
        using var client = await service.SignedInClientAsync();
        var ids = new List<string>();
        for (var i = 0; i < 5; i++) ids.Add((await CreateAsync(client, Resume(title: $"CV {i}"))).Id);
        await CreateAsync(
            client,
            new
            {
                type = "cover_letter",
                title = "Letter",
                data = new { paragraphs = new[] { "Hello" } },
            }
        );

        var seen = new List<string>();
        string? cursor = null;
        do
        {
            var page = await client.GetFromJsonAsync<JsonElement>(
                $"{Url}?type=resume&limit=2{(cursor is null ? "" : $"&cursor={cursor}")}"
            );
            var items = page.GetProperty("items").EnumerateArray().ToList();
            Assert.True(items.Count <= 2);
            Assert.All(items, item => Assert.Equal("resume", item.GetProperty("type").GetString()));
            seen.AddRange(items.Select(item => item.GetProperty("id").GetString()!));
            cursor = page.GetProperty("nextCursor").GetString();
        } while (cursor is not null);

        Assert.Equal(Enumerable.Reverse(ids), seen);
        Assert.Equal(6, (await client.GetFromJsonAsync<JsonElement>(Url)).GetProperty("items").GetArrayLength());
        Assert.Equal(HttpStatusCode.BadRequest, (await client.GetAsync($"{Url}?cursor=garbage")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await client.GetAsync($"{Url}?limit=1000")).StatusCode);
    }

    [Fact]
    public async Task Delete_moves_the_document_out_of_reach()
    {
        using var client = await service.SignedInClientAsync();
        var (id, _) = await CreateAsync(client);
        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync($"{Url}/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"{Url}/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.DeleteAsync($"{Url}/{id}")).StatusCode);
    }

    [Fact]
    public async Task Documents_need_a_token()
    {
        using var anonymous = service.CreateClient();
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync(Url)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.PostAsJsonAsync(Url, Resume())).StatusCode);
    }
}
