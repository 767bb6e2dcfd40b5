using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Dapper;
using ResumePair.Documents.Tests.Support;
using Xunit;

namespace ResumePair.Documents.Tests.Api;

/// <summary>
/// Autosave's cost in database round trips, counted from Npgsql's own trace (one activity per command or batch
/// sent), for the requests of one trace id: a save is two (read, then one batch), even when it thins the history.
/// </summary>
[Collection(DocumentsServiceCollection.Name)]
public sealed class AutosaveRoundTripTests(DocumentsServiceFixture service)
{
    private static async Task<(HttpResponseMessage Response, List<string> Statements)> PatchCountingAsync(
        HttpClient client,
        string id,
        long version,
        string title
    )
    {
        var traceId = ActivityTraceId.CreateRandom();
        var statements = new ConcurrentQueue<string>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == "Npgsql",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = a =>
            {
                var sql = a.GetTagItem("db.query.text") ?? a.GetTagItem("db.statement");
                if (a.TraceId == traceId && sql is not null) statements.Enqueue(sql.ToString()!);
            },
        };
        ActivitySource.AddActivityListener(listener);
        var request = new HttpRequestMessage(HttpMethod.Patch, $"/api/v1/documents/{id}")
        {
            Content = new StringContent(
                JsonSerializer.Serialize(new { title }),
                Encoding.UTF8,
                "application/merge-patch+json"
            ),
        };
        request.Headers.TryAddWithoutValidation("If-Match", $"\"{version}\"");
        request.Headers.TryAddWithoutValidation("traceparent", $"00-{traceId}-{ActivitySpanId.CreateRandom()}-01");
        var response = await client.SendAsync(request);
        return (response, statements.ToList());
    }

    [Fact]
    public async Task A_save_is_two_round_trips_including_the_one_that_thins_the_history()
    {
        await using var replica = service.CreateReplica(web =>
        {
            web.UseSetting("Documents:VersionsKeepAll", "2");
            web.UseSetting("Documents:ThinEvery", "3");
        });
        var token = (await service.RegisterAsync()).GetProperty("accessToken").GetString();
        using var client = replica.CreateClient();
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue(
            "Bearer",
            token
        );
        var created = await client.PostAsJsonAsync(
            "/api/v1/documents",
            new
            {
                type = "resume",
                title = "CV 1",
                data = new { profile = new { name = "A" } },
            }
        );
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;

        for (var version = 1; version <= 5; version++)
        {
            var (response, statements) = await PatchCountingAsync(client, id, version, $"CV {version + 1}");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal($"\"{version + 1}\"", response.Headers.ETag?.Tag);
            Assert.True(
                statements.Count == 2,
                $"save to version {version + 1}: {statements.Count} round trips:\n{string.Join("\n---\n", statements)}"
            );
        }

        // Version 6 was due for thinning (beyond 2 kept, every 3rd): it ran in the save's batch.
        await using var conn = await service.Database.OpenConnectionAsync();
        var kept = (
            await conn.QueryAsync<long>(
                "SELECT version FROM document_versions WHERE document_id = @id ORDER BY version",
                new { id = Guid.Parse(id) }
            )
        ).ToList();
        Assert.Equal([5L, 6L], kept.Where(v => v >= 5));
        Assert.True(kept.Count < 6, $"history was not thinned: {string.Join(",", kept)}");
        // Saves announce nothing on the bus (no consumer needed a per-save event): the outbox stays empty.
        Assert.Equal(0, await conn.ExecuteScalarAsync<int>(
            "SELECT count(*) FROM outbox_messages WHERE body->>'documentId' = @id", new { id }));
    }

    [Fact]
    public async Task A_stale_save_is_answered_from_the_first_read_and_an_identical_one_changes_nothing()
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
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;

        var (stale, staleStatements) = await PatchCountingAsync(client, id, 7, "Late");
        Assert.Equal(HttpStatusCode.Conflict, stale.StatusCode);
        Assert.Single(staleStatements);
        Assert.Equal(
            "CV",
            (await stale.Content.ReadFromJsonAsync<JsonElement>())
                .GetProperty("current")
                .GetProperty("title")
                .GetString()
        );

        var (same, _) = await PatchCountingAsync(client, id, 1, "CV");
        Assert.Equal(HttpStatusCode.OK, same.StatusCode);
        Assert.Equal("\"1\"", same.Headers.ETag?.Tag);
        await using var conn = await service.Database.OpenConnectionAsync();
        Assert.Equal(
            1,
            await conn.ExecuteScalarAsync<int>(
                "SELECT count(*) FROM document_versions WHERE document_id = @id",
                new { id = Guid.Parse(id) }
            )
        );
    }
}
