using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Dapper;
using ResumePair.Contracts.Documents;
using ResumePair.Documents.Tests.Support;
using Xunit;

namespace ResumePair.Documents.Tests.Api;

[Collection(DocumentsServiceCollection.Name)]
public sealed class DocumentChangedEventTests(DocumentsServiceFixture service)
{
    [Fact]
    public async Task Every_change_puts_a_DocumentChanged_in_the_outbox_which_the_relay_publishes()
    {
        var tokens = await service.RegisterAsync();
        var userId = tokens.GetProperty("user").GetProperty("id").GetString();
        using var client = service.CreateClient(tokens.GetProperty("accessToken").GetString());
        var created = await client.PostAsJsonAsync("/api/v1/documents", new { type = "resume", title = "CV", data = new { profile = new { name = "A" } } });
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        var patch = new HttpRequestMessage(HttpMethod.Patch, $"/api/v1/documents/{id}") { Content = new StringContent("""{"title":"CV 2"}""", Encoding.UTF8, "application/merge-patch+json") };
        patch.Headers.IfMatch.Add(new EntityTagHeaderValue("\"1\""));
        await client.SendAsync(patch);
        await client.DeleteAsync($"/api/v1/documents/{id}");
        await client.PostAsync($"/api/v1/documents/{id}/restore", null);

        await using var conn = await service.Database.OpenConnectionAsync();
        var rows = (await conn.QueryAsync<(string Body, DateTime? SentAt)>("""
            SELECT body::text, sent_at FROM outbox_messages
            WHERE message_type = @type AND body->>'documentId' = @id ORDER BY id
            """, new { type = typeof(DocumentChanged).FullName, id })).ToList();
        var events = rows.Select(r => JsonSerializer.Deserialize<DocumentChanged>(r.Body, JsonSerializerOptions.Web)!).ToList();
        Assert.Equal(["created", "updated", "deleted", "restored"], events.Select(e => e.Change));
        Assert.Equal([1L, 2L, 2L, 2L], events.Select(e => e.Version));
        Assert.All(events, e => Assert.Equal(userId, e.UserId.ToString()));
        Assert.All(events, e => Assert.Equal("resume", e.DocumentType));

        // The relay (LISTEN/NOTIFY) publishes them to the broker within moments.
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (await conn.ExecuteScalarAsync<int>("SELECT count(*) FROM outbox_messages WHERE body->>'documentId' = @id AND sent_at IS NULL", new { id }) > 0)
        {
            Assert.True(DateTime.UtcNow < deadline, "the outbox relay did not publish the events");
            await Task.Delay(100);
        }
    }
}
