using System.Net.Http.Json;
using System.Text.Json;
using Dapper;
using ResumePair.Documents.Documents;
using ResumePair.Documents.Tests.Support;
using Xunit;

namespace ResumePair.Documents.Tests.Api;

[Collection(DocumentsServiceCollection.Name)]
public sealed class VersionThinningTests(DocumentsServiceFixture service)
{
    [Fact]
    public async Task Keeps_the_newest_then_one_per_hour_then_one_per_day_within_the_cap()
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
        var id = Guid.Parse((await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!);
        var now = new DateTime(2026, 6, 30, 12, 0, 0, DateTimeKind.Utc);

        // A made-up history, oldest first: 3 days ago 40 saves (10 an hour over 4 hours of day -30),
        // yesterday 30 saves within one hour, and the last 10 saves a minute apart.
        var times = new List<DateTime>();
        for (var i = 0; i < 40; i++) times.Add(now.AddDays(-30).AddMinutes(i * 6));
        for (var i = 0; i < 30; i++) times.Add(now.AddDays(-1).AddMinutes(i));
        for (var i = 0; i < 10; i++) times.Add(now.AddMinutes(-10 + i));
        await using (var conn = await service.Database.OpenConnectionAsync())
        {
            await conn.ExecuteAsync("DELETE FROM document_versions WHERE document_id = @id", new { id });
            for (var v = 0; v < times.Count; v++)
                await conn.ExecuteAsync(
                    "INSERT INTO document_versions (document_id, version, title, data, created_at) VALUES (@id, @v, "
                        + "'CV', '{}', @t)",
                    new
                    {
                        id,
                        v = (long)v + 1,
                        t = times[v],
                    }
                );

            var options = new DocumentOptions
            {
                VersionsKeepAll = 10,
                VersionsHourlyFor = TimeSpan.FromDays(7),
                MaxVersions = 200,
            };
            await VersionThinning.ThinAsync(conn, null, id, now, options, CancellationToken.None);
            var kept = (
                await conn.QueryAsync<long>(
                    "SELECT version FROM document_versions WHERE document_id = @id ORDER BY version",
                    new { id }
                )
            ).ToList();

            // Day -30 (older than a week): one per day, its last save (v40). Yesterday: one per hour (v70, the last in
            // that hour). Today: all ten newest (v71..v80).
            var expected = new List<long> { 40, 70 };
            expected.AddRange(Enumerable.Range(71, 10).Select(v => (long)v));
            Assert.Equal(expected, kept);

            // The cap wins over everything: the newest survive.
            await VersionThinning.ThinAsync(
                conn,
                null,
                id,
                now,
                new DocumentOptions { VersionsKeepAll = 3, MaxVersions = 3 },
                CancellationToken.None
            );
            Assert.Equal(
                new long[] { 78, 79, 80 },
                await conn.QueryAsync<long>(
                    "SELECT version FROM document_versions WHERE document_id = @id ORDER BY version",
                    new { id }
                )
            );
        }
    }

    [Fact]
    public async Task Autosaves_beyond_the_threshold_thin_the_history_as_they_go()
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
        // 55 saves made earlier today (written directly: quicker than 55 requests).
        await using (var conn = await service.Database.OpenConnectionAsync())
        {
            await conn.ExecuteAsync(
                """
                INSERT INTO document_versions (document_id, version, title, data, created_at)
                SELECT @id::uuid, v, 'CV', '{"profile":{"name":"A"}}', now() - interval '1 second' * (60 - v)
                FROM generate_series(2, 55) v
                """,
                new { id }
            );
            await conn.ExecuteAsync("UPDATE documents SET version = 55 WHERE id = @id::uuid", new { id });
        }
        for (var version = 55; version < 60; version++)
        {
            var patch = new HttpRequestMessage(HttpMethod.Patch, $"/api/v1/documents/{id}")
            {
                Content = new StringContent(
                    $"{{\"title\":\"CV {version}\"}}",
                    System.Text.Encoding.UTF8,
                    "application/merge-patch+json"
                ),
            };
            patch.Headers.IfMatch.Add(new System.Net.Http.Headers.EntityTagHeaderValue($"\"{version}\""));
            Assert.Equal(System.Net.HttpStatusCode.OK, (await client.SendAsync(patch)).StatusCode);
        }
        // Version 60 triggered thinning: the newest 50 (11..60) stay; 1..10 share their hour with newer versions, so
        // they go.
        var page = await client.GetFromJsonAsync<JsonElement>($"/api/v1/documents/{id}/versions?limit=100");
        var versions = page.GetProperty("items")
            .EnumerateArray()
            .Select(v => v.GetProperty("version").GetInt64())
            .ToList();
        Assert.Equal(Enumerable.Range(11, 50).Reverse().Select(v => (long)v), versions.Take(50));
        // 51 only if the saves straddled an hour boundary (that hour's last survives)
        Assert.True(versions.Count <= 51);
    }
}
