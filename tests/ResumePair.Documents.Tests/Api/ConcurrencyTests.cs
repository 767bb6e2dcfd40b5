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
public sealed class ConcurrencyTests(DocumentsServiceFixture service)
{
    private static HttpRequestMessage Patch(string id, string json, long version)
    {
        var request = new HttpRequestMessage(HttpMethod.Patch, $"/api/v1/documents/{id}")
        {
            Content = new StringContent(json, Encoding.UTF8, "application/merge-patch+json"),
        };
        request.Headers.IfMatch.Add(new EntityTagHeaderValue($"\"{version}\""));
        return request;
    }

    private static string Edit(string field, string value) =>
        JsonSerializer.Serialize(new { data = new { profile = new Dictionary<string, string> { [field] = value } } });

    [Fact]
    public async Task Two_devices_autosaving_at_once_one_wins_the_other_gets_409_with_the_current_copy_nothing_lost()
    {
        var token = (await service.RegisterAsync()).GetProperty("accessToken").GetString();
        using var laptop = service.CreateClient(token);
        using var phone = service.CreateClient(token);
        var created = await laptop.PostAsJsonAsync(
            "/api/v1/documents",
            new
            {
                type = "resume",
                title = "CV",
                data = new { profile = new { name = "Ann" } },
            }
        );
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;

        long version = 1;
        for (var round = 0; round < 10; round++)
        {
            var responses = await Task.WhenAll(
                laptop.SendAsync(Patch(id, Edit("summary", $"laptop {round}"), version)),
                phone.SendAsync(Patch(id, Edit("headline", $"phone {round}"), version)));

            var won = Assert.Single(responses, r => r.StatusCode == HttpStatusCode.OK);
            var lost = Assert.Single(responses, r => r.StatusCode == HttpStatusCode.Conflict);
            var winner = await won.Content.ReadFromJsonAsync<JsonElement>();
            var problem = await lost.Content.ReadFromJsonAsync<JsonElement>();
            Assert.Equal(version + 1, winner.GetProperty("version").GetInt64());
            // The loser is told the server's copy: the winner's change, so its client can merge and retry.
            var current = problem.GetProperty("current");
            Assert.Equal(version + 1, current.GetProperty("version").GetInt64());
            Assert.Equal(winner.GetProperty("data").GetRawText(), current.GetProperty("data").GetRawText());

            // The loser re-applies its edit on the current version: both edits end up in the document.
            var loserIsLaptop = ReferenceEquals(lost, responses[0]);
            var retry = await (loserIsLaptop ? laptop : phone).SendAsync(Patch(id, loserIsLaptop
                ? Edit("summary", $"laptop {round}")
                : Edit("headline", $"phone {round}"), version + 1));
            Assert.Equal(HttpStatusCode.OK, retry.StatusCode);
            var profile = (await retry.Content.ReadFromJsonAsync<JsonElement>())
                .GetProperty("data")
                .GetProperty("profile");
            Assert.Equal($"laptop {round}", profile.GetProperty("summary").GetString());
            Assert.Equal($"phone {round}", profile.GetProperty("headline").GetString());
            version += 2;
        }

        // Every accepted save is in the history: 1 + 2 per round, no gaps.
        await using var conn = await service.Database.OpenConnectionAsync();
        Assert.Equal(
            Enumerable.Range(1, 21).Select(v => (long)v),
            await conn.QueryAsync<long>(
                "SELECT version FROM document_versions WHERE document_id = @id::uuid ORDER BY version",
                new { id }
            )
        );
    }

    [Fact]
    public async Task A_retry_after_a_dropped_connection_creates_exactly_one_document()
    {
        var tokens = await service.RegisterAsync();
        var userId = Guid.Parse(tokens.GetProperty("user").GetProperty("id").GetString()!);
        using var client = service.CreateClient(tokens.GetProperty("accessToken").GetString());
        var key = Guid.NewGuid().ToString();
        var body = JsonSerializer.Serialize(
            new
            {
                type = "resume",
                title = "Offline CV",
                data = new { profile = new { name = "Ann" } },
            }
        );
        HttpRequestMessage Post()
        {
            var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/documents")
            {
                Content = new StringContent(body, Encoding.UTF8, "application/json"),
            };
            request.Headers.Add("Idempotency-Key", key);
            return request;
        }

        // The connection drops at different moments: before, during or after the server's work. The client never
        // saw an answer, so it retries with the same key.
        for (var attempt = 0; attempt < 5; attempt++)
        {
            using var drop = new CancellationTokenSource(TimeSpan.FromMilliseconds(attempt * 3));
            try { await client.SendAsync(Post(), drop.Token); } catch (OperationCanceledException) { }
        }
        var retried = await client.SendAsync(Post());
        Assert.Equal(HttpStatusCode.Created, retried.StatusCode);
        var again = await client.SendAsync(Post());
        Assert.Equal(retried.Headers.Location, again.Headers.Location);

        await using var conn = await service.Database.OpenConnectionAsync();
        Assert.Equal(
            1,
            await conn.ExecuteScalarAsync<int>("SELECT count(*) FROM documents WHERE user_id = @userId", new { userId })
        );
    }
}
