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
/// A change reaches other tabs through the document's event stream (LISTEN/NOTIFY), not through the bus: nothing
/// consumed a per-change integration event, so none is written (#21).
/// </summary>
[Collection(DocumentsServiceCollection.Name)]
public sealed class DocumentChangedEventTests(DocumentsServiceFixture service)
{
    [Fact]
    public async Task Create_save_delete_and_restore_write_no_integration_event()
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
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        var patch = new HttpRequestMessage(HttpMethod.Patch, $"/api/v1/documents/{id}")
        {
            Content = new StringContent("""{"title":"CV 2"}""", Encoding.UTF8, "application/merge-patch+json"),
        };
        patch.Headers.IfMatch.Add(new EntityTagHeaderValue("\"1\""));
        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(patch)).StatusCode);
        Assert.True((await client.DeleteAsync($"/api/v1/documents/{id}")).IsSuccessStatusCode);
        Assert.True((await client.PostAsync($"/api/v1/documents/{id}/restore", null)).IsSuccessStatusCode);

        await using var conn = await service.Database.OpenConnectionAsync();
        Assert.Equal(
            0,
            await conn.ExecuteScalarAsync<int>(
                "SELECT count(*) FROM outbox_messages WHERE body->>'documentId' = @id",
                new { id }
            )
        );
    }
}
