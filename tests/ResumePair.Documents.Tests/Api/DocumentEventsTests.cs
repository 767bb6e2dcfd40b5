using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using ResumePair.Documents.Tests.Support;
using Xunit;

namespace ResumePair.Documents.Tests.Api;

[Collection(DocumentsServiceCollection.Name)]
public sealed class DocumentEventsTests(DocumentsServiceFixture service)
{
    private const string Url = "/api/v1/documents";

    private static object Resume(string title) =>
        new
        {
            type = "resume",
            title,
            data = new { profile = new { name = "Ann" } },
        };

    private static async Task<string> CreateAsync(HttpClient client) =>
        (await (await client.PostAsJsonAsync(Url, Resume("v1"))).Content.ReadFromJsonAsync<JsonElement>())
            .GetProperty("id")
            .GetString()!;

    private static async Task<HttpResponseMessage> PutAsync(HttpClient client, string id, string title, long version)
    {
        var put = new HttpRequestMessage(HttpMethod.Put, $"{Url}/{id}") { Content = JsonContent.Create(Resume(title)) };
        put.Headers.IfMatch.Add(new EntityTagHeaderValue($"\"{version}\""));
        return await client.SendAsync(put);
    }

    /// <summary>Reads SSE lines until an event with the given name has been read entirely; returns its lines.</summary>
    private static async Task<List<string>> ReadEventAsync(StreamReader reader, string name)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var lines = new List<string>();
        var inEvent = false;
        while (true)
        {
            var line = await reader.ReadLineAsync(timeout.Token) ?? throw new EndOfStreamException();
            if (line == $"event: {name}") inEvent = true;
            if (inEvent && line.Length == 0) return lines;
            if (inEvent) lines.Add(line);
        }
    }

    private static async Task<(HttpResponseMessage Response, StreamReader Reader)> OpenAsync(
        HttpClient client,
        string id,
        string? lastEventId = null
    )
    {
        var request = new HttpRequestMessage(HttpMethod.Get, $"{Url}/{id}/events");
        if (lastEventId is not null) request.Headers.Add("Last-Event-ID", lastEventId);
        var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        return (response, new StreamReader(await response.Content.ReadAsStreamAsync()));
    }

    [Fact]
    public async Task An_open_stream_hears_each_new_version_and_the_deletion()
    {
        using var client = await service.SignedInClientAsync();
        var id = await CreateAsync(client);
        var (response, reader) = await OpenAsync(client, id);
        using (response)
        using (reader)
        {
            Assert.Equal(HttpStatusCode.OK, (await PutAsync(client, id, "v2", 1)).StatusCode);
            var updated = await ReadEventAsync(reader, "document.updated");
            Assert.Contains("id: 2", updated);
            Assert.Contains(updated, l =>
                l.StartsWith("data: ", StringComparison.Ordinal) && l.Contains("\"version\":2")
            );

            Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync($"{Url}/{id}")).StatusCode);
            await ReadEventAsync(reader, "document.deleted");
        }
    }

    [Fact]
    public async Task Reconnecting_with_Last_Event_ID_gets_the_missed_version_at_once()
    {
        using var client = await service.SignedInClientAsync();
        var id = await CreateAsync(client);
        Assert.Equal(HttpStatusCode.OK, (await PutAsync(client, id, "v2", 1)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await PutAsync(client, id, "v3", 2)).StatusCode);

        var (response, reader) = await OpenAsync(client, id, lastEventId: "1");
        using (response)
        using (reader)
            Assert.Contains("id: 3", await ReadEventAsync(reader, "document.updated"));
    }

    [Fact]
    public async Task Another_users_document_has_no_stream()
    {
        using var alice = await service.SignedInClientAsync();
        using var bob = await service.SignedInClientAsync();
        var id = await CreateAsync(alice);
        Assert.Equal(HttpStatusCode.NotFound, (await bob.GetAsync($"{Url}/{id}/events")).StatusCode);
    }
}
