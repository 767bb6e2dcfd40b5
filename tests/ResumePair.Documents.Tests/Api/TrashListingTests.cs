using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Dapper;
using ResumePair.Documents.Tests.Support;
using Xunit;

namespace ResumePair.Documents.Tests.Api;

/// <summary>
/// <c>GET /api/v1/documents?trashed=true</c> through the gateway (real JWT check and routing, real Postgres):
/// the user's own trash, newest deletion first, keyset-paginated, with when each document will be purged.
/// </summary>
[Collection(DocumentsServiceCollection.Name)]
public sealed class TrashListingTests(DocumentsServiceFixture service) : ThroughGateway(service)
{
    private const string Url = "/api/v1/documents";
    private async Task<HttpClient> SignedInAsync()
    {
        using var anonymous = Gateway.CreateClient();
        var register = await anonymous.PostAsJsonAsync("/api/v1/auth/register",
            new { email = $"trash-{Guid.NewGuid():N}@example.com", password = "correct-horse-1", name = "Trash Test" });
        Assert.Equal(HttpStatusCode.Created, register.StatusCode);
        return Gateway.CreateClient(
            (await register.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accessToken").GetString()
        );
    }

    private static async Task<string> CreateAsync(HttpClient client, string type, string title)
    {
        object data =
            type == "resume" ? new { profile = new { name = title } } : new { paragraphs = new[] { "Dear team," } };
        var response = await client.PostAsJsonAsync(Url, new { type, title, data });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
    }

    private static async Task TrashAsync(HttpClient client, string id) =>
        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync($"{Url}/{id}")).StatusCode);

    private static async Task<JsonElement> PageAsync(HttpClient client, string query)
    {
        var response = await client.GetAsync($"{Url}?{query}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private static List<string> Ids(JsonElement page) =>
        page.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetString()!).ToList();

    [Fact]
    public async Task Lists_the_trash_newest_deletion_first_with_deletedAt_and_purgeAt_and_pages_by_cursor()
    {
        using var client = await SignedInAsync();
        var first = await CreateAsync(client, "resume", "Old CV");
        var letter = await CreateAsync(client, "cover_letter", "Letter");
        var second = await CreateAsync(client, "resume", "Newer CV");
        var live = await CreateAsync(client, "resume", "Live CV");
        foreach (var id in new[] { first, letter, second }) await TrashAsync(client, id);

        var all = await PageAsync(client, "trashed=true");
        Assert.Equal([second, letter, first], Ids(all));
        Assert.Equal(JsonValueKind.Null, all.GetProperty("nextCursor").ValueKind);
        foreach (var item in all.GetProperty("items").EnumerateArray())
        {
            var deletedAt = item.GetProperty("deletedAt").GetDateTime();
            Assert.InRange(DateTime.UtcNow - deletedAt, TimeSpan.Zero, TimeSpan.FromMinutes(5));
            Assert.Equal(deletedAt.AddDays(30), item.GetProperty("purgeAt").GetDateTime());
            Assert.Equal(1, item.GetProperty("version").GetInt64());
            Assert.False(item.TryGetProperty("data", out _)); // summaries, like the live list
        }
        Assert.Equal("Newer CV", all.GetProperty("items")[0].GetProperty("title").GetString());
        // The live list and the trash never share a document.
        Assert.Equal([live], Ids(await PageAsync(client, "")));

        var paged = new List<string>();
        string? cursor = null;
        do
        {
            var page = await PageAsync(client, "trashed=true&limit=1" + (cursor is null ? "" : $"&cursor={cursor}"));
            paged.AddRange(Ids(page));
            cursor = page.GetProperty("nextCursor").GetString();
        } while (cursor is not null && paged.Count < 10);
        Assert.Equal([second, letter, first], paged);

        Assert.Equal([letter], Ids(await PageAsync(client, "trashed=true&type=cover_letter")));
        Assert.Equal([second, first], Ids(await PageAsync(client, "trashed=true&type=resume")));

        // Restored: back in the live list, out of the trash.
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsync($"{Url}/{letter}/restore", null)).StatusCode);
        Assert.Equal([second, first], Ids(await PageAsync(client, "trashed=true")));
        Assert.Contains(letter, Ids(await PageAsync(client, "trashed=false")));
    }

    [Fact]
    public async Task Past_the_retention_a_document_is_no_longer_listed()
    {
        using var client = await SignedInAsync();
        var expired = await CreateAsync(client, "resume", "Expired");
        var recent = await CreateAsync(client, "resume", "Recent");
        await TrashAsync(client, expired);
        await TrashAsync(client, recent);
        await using (var conn = await Service.Database.OpenConnectionAsync())
            await conn.ExecuteAsync(
                "UPDATE documents SET deleted_at = now() - interval '31 days' WHERE id = @id",
                new { id = Guid.Parse(expired) }
            );

        Assert.Equal([recent], Ids(await PageAsync(client, "trashed=true")));
    }

    [Fact]
    public async Task A_user_never_sees_another_users_trash_and_anonymous_callers_are_stopped_at_the_gateway()
    {
        using var alice = await SignedInAsync();
        using var bob = await SignedInAsync();
        var alicesId = await CreateAsync(alice, "resume", "Alice's old CV");
        var bobsId = await CreateAsync(bob, "resume", "Bob's old CV");
        await TrashAsync(alice, alicesId);
        await TrashAsync(bob, bobsId);
        // Alice needs two trashed documents for a cursor that points into her trash.
        await TrashAsync(alice, await CreateAsync(alice, "resume", "Alice's older CV"));
        var alicesCursor = (await PageAsync(alice, "trashed=true&limit=1")).GetProperty("nextCursor").GetString();
        Assert.NotNull(alicesCursor);

        Assert.Equal([bobsId], Ids(await PageAsync(bob, "trashed=true")));
        Assert.Equal(2, Ids(await PageAsync(alice, "trashed=true")).Count);
        Assert.DoesNotContain(bobsId, Ids(await PageAsync(alice, "trashed=true")));
        // Alice's cursor in Bob's hands is only a position: it pages through Bob's trash, never Alice's.
        Assert.DoesNotContain(Ids(await PageAsync(bob, $"trashed=true&cursor={alicesCursor}")), id => id != bobsId);
        // Bob cannot restore Alice's trashed document, and it stays in her trash.
        var restore = await bob.PostAsync($"{Url}/{alicesId}/restore", null);
        Assert.Equal(HttpStatusCode.NotFound, restore.StatusCode);
        Assert.Contains(alicesId, Ids(await PageAsync(alice, "trashed=true")));

        using var anonymous = Gateway.CreateClient();
        var unauthenticated = await anonymous.GetAsync($"{Url}?trashed=true");
        Assert.Equal(HttpStatusCode.Unauthorized, unauthenticated.StatusCode);
        Assert.Equal("application/problem+json", unauthenticated.Content.Headers.ContentType?.MediaType);
    }

    [Theory]
    [InlineData("trashed=true&limit=0", "limit")]
    [InlineData("trashed=true&limit=101", "limit")]
    [InlineData("trashed=true&cursor=not-a-cursor", "cursor")]
    [InlineData("trashed=true&type=letter", "type")]
    public async Task Bad_paging_or_filter_is_a_400_problem_with_the_field(string query, string field)
    {
        using var client = await SignedInAsync();
        var response = await client.GetAsync($"{Url}?{query}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.True(
            (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty(field, out _)
        );
    }

    [Fact]
    public async Task A_trashed_value_that_is_not_a_boolean_is_a_400_problem()
    {
        using var client = await SignedInAsync();
        var response = await client.GetAsync($"{Url}?trashed=maybe");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task The_OpenAPI_document_describes_the_trash_listing()
    {
        using var client = Service.CreateClient();
        var openApi = await client.GetStringAsync("/openapi/v1.json");

        Assert.Contains("\"trashed\"", openApi);
        Assert.Contains("TrashPage", openApi);
        Assert.Contains("\"purgeAt\"", openApi);
        Assert.Contains("\"deletedAt\"", openApi);
    }
}
