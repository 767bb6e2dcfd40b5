using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using ResumePair.Documents.Documents;
using ResumePair.Documents.Tests.Support;
using Xunit;

namespace ResumePair.Documents.Tests.Api;

/// <summary>The history panel's API: what changed per version, comparisons, named snapshots, restore and its
/// undo.</summary>
[Collection(DocumentsServiceCollection.Name)]
public sealed class VersionHistoryTests(DocumentsServiceFixture service)
{
    private const string Url = "/api/v1/documents";

    [Fact]
    public async Task Versions_say_what_changed_and_any_two_compare_field_by_field()
    {
        using var client = await service.SignedInClientAsync();
        var id = await CreateAsync(client);
        await PatchAsync(client, id, 1, """{"data":{"profile":{"headline":"Programmer"}}}""");
        await PatchAsync(
            client,
            id,
            2,
            """{"data":{"work":[{"position":"Engineer","company":"Acme","startDate":"2020"}]}}"""
        );

        var items = (await client.GetFromJsonAsync<JsonElement>($"{Url}/{id}/versions"))
            .GetProperty("items")
            .EnumerateArray()
            .ToList();
        Assert.Equal(
            [(3L, "Added Work experience › Engineer, Acme"), (2L, "Added Profile › Headline"), (1L, "Created")],
            items.Select(v => (v.GetProperty("version").GetInt64(), v.GetProperty("summary").GetString())));
        Assert.Equal(3, items[0].GetProperty("changes").GetInt32());

        var comparison = await client.GetFromJsonAsync<JsonElement>($"{Url}/{id}/versions/compare?from=1&to=3");
        Assert.Equal(
            (1L, 3L),
            (
                comparison.GetProperty("from").GetProperty("version").GetInt64(),
                comparison.GetProperty("to").GetProperty("version").GetInt64()
            )
        );
        var changes = comparison
            .GetProperty("changes")
            .EnumerateArray()
            .Select(c =>
                (
                    c.GetProperty("path").GetString(),
                    c.GetProperty("group").GetString(),
                    c.GetProperty("field").GetString(),
                    c.GetProperty("kind").GetString(),
                    c.GetProperty("after").GetString()
                )
            )
            .ToList();
        Assert.Contains(("data.profile.headline", "Profile", "Headline", "added", "Programmer"), changes);
        Assert.Contains(
            ("data.work[0].company", "Work experience › Engineer, Acme", "Company", "added", "Acme"),
            changes
        );
        Assert.True(changes.Count == 4, string.Join("; ", changes));
    }

    [Fact]
    public async Task A_restore_is_a_new_version_that_says_so_and_can_itself_be_undone()
    {
        using var client = await service.SignedInClientAsync();
        var id = await CreateAsync(client);
        await PatchAsync(client, id, 1, """{"title":"Second","data":{"profile":{"headline":"Programmer"}}}""");

        var restore = new HttpRequestMessage(HttpMethod.Post, $"{Url}/{id}/versions/1/restore");
        restore.Headers.IfMatch.Add(new EntityTagHeaderValue("\"2\""));
        var restored = await client.SendAsync(restore);
        Assert.Equal(HttpStatusCode.OK, restored.StatusCode);
        Assert.Equal(3, (await restored.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("version").GetInt64());

        var latest = (await client.GetFromJsonAsync<JsonElement>($"{Url}/{id}/versions?limit=1")).GetProperty("items")[
            0
        ];
        Assert.Equal(1, latest.GetProperty("restoredFrom").GetInt64());
        Assert.Equal(
            "Restored version 1: Edited Document › Title, removed Profile › Headline",
            latest.GetProperty("summary").GetString()
        );

        // Undo: restore the version that was current before (2), again as a new version.
        var undo = new HttpRequestMessage(HttpMethod.Post, $"{Url}/{id}/versions/2/restore");
        undo.Headers.IfMatch.Add(new EntityTagHeaderValue("\"3\""));
        var undone = await (await client.SendAsync(undo)).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(
            (4L, "Second", "Programmer"),
            (
                undone.GetProperty("version").GetInt64(),
                undone.GetProperty("title").GetString(),
                undone.GetProperty("data").GetProperty("profile").GetProperty("headline").GetString()
            )
        );

        // A stale If-Match (someone saved meanwhile) is refused with the current copy, nothing is overwritten.
        var stale = new HttpRequestMessage(HttpMethod.Post, $"{Url}/{id}/versions/1/restore");
        stale.Headers.IfMatch.Add(new EntityTagHeaderValue("\"3\""));
        Assert.Equal(HttpStatusCode.Conflict, (await client.SendAsync(stale)).StatusCode);
    }

    [Fact]
    public async Task Named_snapshots_are_listed_alone_and_survive_version_thinning()
    {
        using var client = await service.SignedInClientAsync();
        var id = await CreateAsync(client);
        for (var v = 1; v < 6; v++) await PatchAsync(client, id, v, $$"""{"title":"CV {{v}}"}""");

        var named = await client.PutAsJsonAsync($"{Url}/{id}/versions/2/label", new { label = "  Sent to Acme " });
        Assert.Equal(HttpStatusCode.OK, named.StatusCode);
        Assert.Equal(
            "Sent to Acme",
            (await named.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("label").GetString()
        );
        var onlyNamed = await client.GetFromJsonAsync<JsonElement>($"{Url}/{id}/versions?named=true");
        var item = Assert.Single(onlyNamed.GetProperty("items").EnumerateArray());
        Assert.Equal(
            (2L, "Sent to Acme", "Edited Document › Title"),
            (
                item.GetProperty("version").GetInt64(),
                item.GetProperty("label").GetString(),
                item.GetProperty("summary").GetString()
            )
        );

        // Thinning down to the newest two keeps the named one as well.
        await using (var conn = await service.Database.OpenConnectionAsync())
            await VersionThinning.ThinAsync(conn, null, Guid.Parse(id), DateTime.UtcNow,
                new DocumentOptions { VersionsKeepAll = 2, MaxVersions = 2 }, CancellationToken.None);
        var kept = (await client.GetFromJsonAsync<JsonElement>($"{Url}/{id}/versions"))
            .GetProperty("items")
            .EnumerateArray()
            .Select(v => v.GetProperty("version").GetInt64());
        Assert.Equal([6L, 5L, 2L], kept);

        // Without its name it is an ordinary version again.
        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync($"{Url}/{id}/versions/2/label")).StatusCode);
        Assert.Empty(
            (await client.GetFromJsonAsync<JsonElement>($"{Url}/{id}/versions?named=true"))
                .GetProperty("items")
                .EnumerateArray()
        );
    }

    [Fact]
    public async Task Another_users_document_is_not_found_and_bad_input_is_a_problem()
    {
        using var owner = await service.SignedInClientAsync();
        var id = await CreateAsync(owner);
        using var other = await service.SignedInClientAsync();

        Assert.Equal(
            HttpStatusCode.NotFound,
            (await other.GetAsync($"{Url}/{id}/versions/compare?from=1&to=1")).StatusCode
        );
        Assert.Equal(
            HttpStatusCode.NotFound,
            (await other.PutAsJsonAsync($"{Url}/{id}/versions/1/label", new { label = "Mine" })).StatusCode
        );
        Assert.Equal(HttpStatusCode.NotFound, (await other.DeleteAsync($"{Url}/{id}/versions/1/label")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync($"{Url}/{id}/versions?named=true")).StatusCode);

        await AssertProblemAsync(
            await owner.PutAsJsonAsync($"{Url}/{id}/versions/1/label", new { label = " " }),
            400,
            "label"
        );
        await AssertProblemAsync(
            await owner.PutAsJsonAsync($"{Url}/{id}/versions/1/label", new { label = new string('x', 81) }),
            400,
            "label"
        );
        await AssertProblemAsync(
            await owner.PutAsJsonAsync($"{Url}/{id}/versions/1/label", new { label = "a\nb" }),
            400,
            "label"
        );
        await AssertProblemAsync(await owner.GetAsync($"{Url}/{id}/versions/compare?to=1"), 400, "from");
        await AssertProblemAsync(await owner.GetAsync($"{Url}/{id}/versions/compare?from=1&to=9"), 404, null);
        await AssertProblemAsync(
            await owner.PutAsJsonAsync($"{Url}/{id}/versions/9/label", new { label = "Gone" }),
            404,
            null
        );
    }

    [Fact]
    public async Task A_document_keeps_at_most_fifty_named_versions()
    {
        using var client = await service.SignedInClientAsync();
        var id = await CreateAsync(client);
        await using (var conn = await service.Database.OpenConnectionAsync())
        await using (var cmd = new Npgsql.NpgsqlCommand("""
            INSERT INTO document_versions (document_id, version, title, data, created_at, label)
            SELECT @id, v, 'CV', '{}', now(), 'Snapshot ' || v FROM generate_series(2, 51) v
            """, conn))
        {
            cmd.Parameters.AddWithValue("id", Guid.Parse(id));
            await cmd.ExecuteNonQueryAsync();
        }

        await AssertProblemAsync(
            await client.PutAsJsonAsync($"{Url}/{id}/versions/1/label", new { label = "One too many" }),
            409,
            null
        );
        // Renaming one that already has a name is fine.
        Assert.Equal(
            HttpStatusCode.OK,
            (await client.PutAsJsonAsync($"{Url}/{id}/versions/51/label", new { label = "Final" })).StatusCode
        );
    }

    private static async Task<string> CreateAsync(HttpClient client)
    {
        var created = await client.PostAsJsonAsync(
            Url,
            new
            {
                type = "resume",
                title = "CV",
                data = new { profile = new { name = "Ann" } },
            }
        );
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        return (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
    }

    private static async Task PatchAsync(HttpClient client, string id, long version, string patch)
    {
        var request = new HttpRequestMessage(HttpMethod.Patch, $"{Url}/{id}")
        {
            Content = new StringContent(patch, Encoding.UTF8, "application/merge-patch+json"),
        };
        request.Headers.IfMatch.Add(new EntityTagHeaderValue($"\"{version}\""));
        var response = await client.SendAsync(request);
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
    }

    private static async Task AssertProblemAsync(HttpResponseMessage response, int status, string? field)
    {
        Assert.Equal(status, (int)response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(status, problem.GetProperty("status").GetInt32());
        if (field is not null)
            Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
    }
}
