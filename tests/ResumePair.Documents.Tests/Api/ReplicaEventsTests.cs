using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using ResumePair.Documents.Tests.Support;
using Xunit;

namespace ResumePair.Documents.Tests.Api;

/// <summary>
/// Two instances of the service on one database, as two replicas behind the gateway: a change written through
/// one reaches event streams open on the other (LISTEN/NOTIFY, not process memory).
/// </summary>
[Collection(DocumentsServiceCollection.Name)]
public sealed class ReplicaEventsTests(DocumentsServiceFixture service)
{
    private const string Url = "/api/v1/documents";

    private static HttpClient Client(Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactory<Program> host, string token)
    {
        var client = host.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    private static async Task<string> NextLineAsync(StreamReader reader, Func<string, bool> match, TimeSpan within)
    {
        using var timeout = new CancellationTokenSource(within);
        while (true)
        {
            var line = await reader.ReadLineAsync(timeout.Token) ?? throw new EndOfStreamException();
            if (match(line)) return line;
        }
    }

    [Fact]
    public async Task A_change_through_one_replica_reaches_a_stream_on_the_other_with_heartbeats_and_resume()
    {
        await using var replicaB = service.CreateReplica(web =>
            web.UseSetting("Documents:EventsHeartbeat", "00:00:01")
        );
        var token = (await service.RegisterAsync()).GetProperty("accessToken").GetString()!;
        using var onA = Client(service.Factory, token);
        using var onB = Client(replicaB, token);

        var created = await onA.PostAsJsonAsync(
            Url,
            new
            {
                type = "resume",
                title = "v1",
                data = new { profile = new { name = "Ann" } },
            }
        );
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString();

        using (
            var response = await onB.SendAsync(
                new HttpRequestMessage(HttpMethod.Get, $"{Url}/{id}/events"),
                HttpCompletionOption.ResponseHeadersRead
            )
        )
        using (var reader = new StreamReader(await response.Content.ReadAsStreamAsync()))
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            // Idle: replica B's heartbeat (1 s here) keeps the stream alive (the first goes out at once).
            await NextLineAsync(reader, l => l == "event: heartbeat", TimeSpan.FromSeconds(5));
            await NextLineAsync(reader, l => l == "event: heartbeat", TimeSpan.FromSeconds(5));

            for (var version = 1; version <= 3; version++)
            {
                var put = new HttpRequestMessage(HttpMethod.Put, $"{Url}/{id}")
                {
                    Content = JsonContent.Create(
                        new
                        {
                            type = "resume",
                            title = $"v{version + 1}",
                            data = new { profile = new { name = "Ann" } },
                        }
                    ),
                };
                put.Headers.IfMatch.Add(new EntityTagHeaderValue($"\"{version}\""));
                Assert.Equal(HttpStatusCode.OK, (await onA.SendAsync(put)).StatusCode);
                // Well within the heartbeat's 1 s: woken by the notification, not by polling.
                Assert.Equal(
                    $"id: {version + 1}",
                    await NextLineAsync(
                        reader,
                        l => l.StartsWith("id: ", StringComparison.Ordinal),
                        TimeSpan.FromSeconds(5)
                    )
                );
            }
        }

        // A client that lost its connection after version 2 reconnects to replica A and gets version 4 at once.
        using var request = new HttpRequestMessage(HttpMethod.Get, $"{Url}/{id}/events");
        request.Headers.Add("Last-Event-ID", "2");
        using var resumed = await onA.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        using var resumedReader = new StreamReader(await resumed.Content.ReadAsStreamAsync());
        Assert.Equal(
            "id: 4",
            await NextLineAsync(
                resumedReader,
                l => l.StartsWith("id: ", StringComparison.Ordinal),
                TimeSpan.FromSeconds(5)
            )
        );

        // Deleted through B: the stream on A hears it.
        Assert.Equal(HttpStatusCode.NoContent, (await onB.DeleteAsync($"{Url}/{id}")).StatusCode);
        await NextLineAsync(resumedReader, l => l == "event: document.deleted", TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task Autosaves_through_one_replica_reach_a_stream_on_the_other_after_their_commits_in_quick_order()
    {
        // A heartbeat far beyond the test's patience: only the hint sent after each save's commit can wake the stream.
        await using var replicaB = service.CreateReplica(web =>
            web.UseSetting("Documents:EventsHeartbeat", "00:05:00")
        );
        var token = (await service.RegisterAsync()).GetProperty("accessToken").GetString()!;
        using var onA = Client(service.Factory, token);
        using var onB = Client(replicaB, token);
        var created = await onA.PostAsJsonAsync(
            Url,
            new
            {
                type = "resume",
                title = "v1",
                data = new { profile = new { name = "Ann" } },
            }
        );
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString();

        using var response = await onB.SendAsync(
            new HttpRequestMessage(HttpMethod.Get, $"{Url}/{id}/events"),
            HttpCompletionOption.ResponseHeadersRead
        );
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);

        // Saves faster than the hints' interval: coalesced, and the stream still ends at the last version.
        for (var version = 1; version <= 5; version++)
        {
            var patch = new HttpRequestMessage(HttpMethod.Patch, $"{Url}/{id}")
            {
                Content = new StringContent(
                    $$"""{"title":"v{{version + 1}}"}""",
                    System.Text.Encoding.UTF8,
                    "application/merge-patch+json"
                ),
            };
            patch.Headers.IfMatch.Add(new EntityTagHeaderValue($"\"{version}\""));
            Assert.Equal(HttpStatusCode.OK, (await onA.SendAsync(patch)).StatusCode);
        }
        await NextLineAsync(reader, l => l == "id: 6", TimeSpan.FromSeconds(5));
    }
}
