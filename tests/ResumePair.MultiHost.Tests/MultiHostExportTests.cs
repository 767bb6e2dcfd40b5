using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;
using Npgsql;
using ResumePair.MultiHost.Tests.Support;
using ResumePair.Testing.Topology;
using Xunit;
using Xunit.Abstractions;
using Xunit.Sdk;

[assembly: CollectionBehavior(DisableTestParallelization = true)]

namespace ResumePair.MultiHost.Tests;

/// <summary>
/// The export path across hosts, through the gateway only, and what happens when a renderer host drops off the network
/// while it holds renders. Tests run in name order on one topology: the first exercises the healthy path.
/// </summary>
[TestCaseOrderer("ResumePair.MultiHost.Tests.ByNameOrderer", "ResumePair.MultiHost.Tests")]
public sealed class MultiHostExportTests(MultiHostTopology topology, ITestOutputHelper output)
    : IClassFixture<MultiHostTopology>
{
    private static readonly object Resume = new
    {
        profile = new
        {
            name = "Ada Lovelace",
            headline = "Analyst and first programmer",
            email = "ada@example.com",
            summary = "Wrote the first algorithm intended for a machine.",
        },
        work = new[]
        {
            new
            {
                company = "Analytical Engine Project",
                position = "Principal Computing Engineer",
                startDate = "1842-01",
                endDate = "1843-09",
                highlights = new[] { "Published the Bernoulli number program" },
            },
        },
        skills = new[]
        {
            new
            {
                name = "Mathematics",
                level = "expert",
                keywords = new[] { "analysis", "algorithms" },
            },
        },
    };

    [MultiHostFact]
    public async Task A_export_flows_across_hosts_and_the_pdf_comes_from_shared_storage()
    {
        output.WriteLine(
            $"topology up in {topology.StartupTime.TotalSeconds:0.0} s: "
                + $"{string.Join(", ", topology.Addresses.Select(a => $"{a.Key}={a.Value}"))}, "
                + $"gateway {topology.GatewayUrl}"
        );
        var clock = Stopwatch.StartNew();
        using var client = new GatewayClient(topology.GatewayUrl);
        await client.RegisterAsync();
        var document = await client.SendJsonAsync(HttpMethod.Post, "/api/v1/documents",
            new { type = "resume", title = "Ada Lovelace — Resume", data = Resume }, HttpStatusCode.Created);
        var accepted = await client.SendJsonAsync(
            HttpMethod.Post,
            "/api/v1/export/pdf",
            new
            {
                documentId = document["id"]!.GetValue<Guid>(),
                templateId = "ats-single-column",
                pageSize = "A4",
            },
            HttpStatusCode.Accepted
        );
        var jobId = accepted["jobId"]!.GetValue<Guid>();
        var job = await WaitForStatusAsync(client, jobId, TimeSpan.FromSeconds(120));
        Assert.Equal("completed", job["status"]!.GetValue<string>());

        var pdf = await DownloadAsync(client, jobId);
        Assert.Equal("%PDF-"u8.ToArray(), pdf[..5]);
        output.WriteLine(
            $"register → resume → export → download: {clock.Elapsed.TotalSeconds:0.0} s, {pdf.Length} bytes"
        );

        // Rendered on a renderer host, stored on the data host: no other host keeps a copy on its disk.
        var worker = await ScalarAsync<string>("SELECT worker_id FROM jobs WHERE id = @id", jobId);
        Assert.Contains(worker, new[] { "pdf-renderer-0", "pdf-renderer-1" });
        foreach (var host in new[] { MultiHostTopology.Svc, MultiHostTopology.R1, MultiHostTopology.R2 })
            Assert.DoesNotContain(
                Directory.EnumerateFiles(topology.HostDirectory(host), "*", SearchOption.AllDirectories),
                StartsWithPdf
            );
        // Every process listens on its host's address, not on loopback.
        Assert.StartsWith("http://10.77.", topology.GatewayUrl.ToString());
        Assert.All(topology.Processes.Where(p => !p.HasExited), p => Assert.False(p.HasExited));
    }

    [MultiHostFact]
    public async Task B_a_renderer_host_cut_off_mid_render_has_its_jobs_rescued_and_completed_once_elsewhere()
    {
        var clock = Stopwatch.StartNew();
        using var client = new GatewayClient(topology.GatewayUrl);
        await client.RegisterAsync();
        var documents = new List<Guid>();
        for (var i = 0; i < 6; i++)
            documents.Add(
                (
                    await client.SendJsonAsync(
                        HttpMethod.Post,
                        "/api/v1/documents",
                        new
                        {
                            type = "resume",
                            title = $"Resume {i}",
                            data = Resume,
                        },
                        HttpStatusCode.Created
                    )
                )["id"]!.GetValue<Guid>()
            );

        // r1 will hold its renders: its Chromium is frozen, so every render it takes stays in progress (heartbeating).
        var frozen = topology.SignalChromium(MultiHostTopology.R1, "-STOP");
        Assert.True(frozen > 0, "no Chromium process found on r1");
        var batch = await client.SendJsonAsync(
            HttpMethod.Post,
            "/api/v1/export/batch",
            new
            {
                documentIds = documents,
                templateId = "ats-single-column",
                pageSize = "Letter",
            },
            HttpStatusCode.Accepted
        );
        var jobs = batch["jobs"]!.AsArray().Select(j => j!["jobId"]!.GetValue<Guid>()).ToArray();
        Assert.Equal(6, jobs.Length);

        // r2 renders what it gets; r1 takes at most its prefetch (2) and sits on them.
        List<Guid> held = [];
        await EventuallyAsync(TimeSpan.FromSeconds(120), async () =>
        {
            var states = await JobStatesAsync(jobs);
            held = states
                .Where(s => s.Status == "processing" && s.Worker == "pdf-renderer-0")
                .Select(s => s.Id)
                .ToList();
            var done = states.Count(s => s.Status == "completed");
            return held.Count > 0 && done + held.Count == jobs.Length ? null : $"states: {Describe(states)}";
        });
        output.WriteLine(
            $"r1 holds {held.Count} render(s), "
                + $"r2 completed {jobs.Length - held.Count} ({clock.Elapsed.TotalSeconds:0.0} s)"
        );

        // Connected, r1's heartbeats keep its jobs alive past the heartbeat timeout: nothing is rescued from a slow
        // worker.
        await Task.Delay(MultiHostTopology.HeartbeatTimeout + TimeSpan.FromSeconds(2));
        var stillHeld = await JobStatesAsync(held);
        Assert.All(stillHeld, s =>
            Assert.True(
                s is { Status: "processing", Attempts: 1, Worker: "pdf-renderer-0" },
                $"before the cut: {Describe(stillHeld)}"
            )
        );

        // Pull r1's cable.
        topology.Network.SetLink(MultiHostTopology.R1, up: false);
        var cut = Stopwatch.StartNew();
        await EventuallyAsync(TimeSpan.FromSeconds(120), async () =>
        {
            var states = await JobStatesAsync(jobs);
            return states.All(s => s.Status == "completed") ? null : $"after the cut: {Describe(states)}";
        });
        output.WriteLine(
            $"all {jobs.Length} jobs completed {cut.Elapsed.TotalSeconds:0.0} s after the cut (heartbeat timeout "
                + $"{MultiHostTopology.HeartbeatTimeout.TotalSeconds:0} s)"
        );

        var rescued = await JobStatesAsync(held);
        foreach (var job in rescued)
        {
            Assert.Equal("pdf-renderer-1", job.Worker);           // completed by r2
            Assert.True(job.Attempts >= 2, $"{job.Id} completed at attempt {job.Attempts}");
            var log = await JobLogAsync(job.Id);
            Assert.Contains(log, l => l.Contains("Attempt 1 started on pdf-renderer-0", StringComparison.Ordinal));
            Assert.Contains(log, l => l.Contains("stopped heartbeating", StringComparison.Ordinal));
        }
        foreach (var id in held) Assert.Equal("%PDF-"u8.ToArray(), (await DownloadAsync(client, id))[..5]);

        // Plug r1 back in and thaw its browser: its stale first attempts may now finish, and must change nothing.
        topology.Network.SetLink(MultiHostTopology.R1, up: true);
        topology.SignalChromium(MultiHostTopology.R1, "-CONT");
        await Task.Delay(TimeSpan.FromSeconds(8));
        await AssertCompletedExactlyOnceAsync(jobs, held);
        output.WriteLine($"rescue scenario: {clock.Elapsed.TotalSeconds:0.0} s");
    }

    private async Task AssertCompletedExactlyOnceAsync(IReadOnlyList<Guid> jobs, IReadOnlyList<Guid> rescued)
    {
        var states = await JobStatesAsync(jobs);
        Assert.All(states, s => Assert.Equal("completed", s.Status));
        Assert.All(states.Where(s => rescued.Contains(s.Id)), s => Assert.Equal("pdf-renderer-1", s.Worker));
        foreach (var job in jobs)
        {
            var completions = (await JobLogAsync(job)).Count(l =>
                l.Contains(" completed on ", StringComparison.Ordinal)
            );
            Assert.True(completions == 1, $"job {job} completed {completions} times");
        }
        await using var connection = new NpgsqlConnection(topology.ExportsDb);
        await connection.OpenAsync();
        await using var files = new NpgsqlCommand(
            "SELECT count(*), count(DISTINCT j.file_key) FROM jobs j JOIN export_files f ON f.key = j.file_key "
                + "WHERE j.id = ANY(@ids)",
            connection
        );
        files.Parameters.AddWithValue("ids", jobs.ToArray());
        await using var reader = await files.ExecuteReaderAsync();
        await reader.ReadAsync();
        Assert.Equal(jobs.Count, reader.GetInt64(0));
        Assert.Equal(jobs.Count, reader.GetInt64(1));
    }

    private sealed record JobState(Guid Id, string Status, int Attempts, string? Worker);

    private static string Describe(IEnumerable<JobState> states) =>
        string.Join("; ", states.Select(s => $"{s.Id.ToString()[..8]} {s.Status} #{s.Attempts} {s.Worker}"));

    private async Task<List<JobState>> JobStatesAsync(IReadOnlyCollection<Guid> ids)
    {
        await using var connection = new NpgsqlConnection(topology.ExportsDb);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT id, status, attempts, worker_id FROM jobs WHERE id = ANY(@ids) ORDER BY created_at, id",
            connection
        );
        command.Parameters.AddWithValue("ids", ids.ToArray());
        await using var reader = await command.ExecuteReaderAsync();
        var states = new List<JobState>();
        while (await reader.ReadAsync())
            states.Add(
                new JobState(
                    reader.GetGuid(0),
                    reader.GetString(1),
                    reader.GetInt32(2),
                    reader.IsDBNull(3) ? null : reader.GetString(3)
                )
            );
        Assert.Equal(ids.Count, states.Count);
        return states;
    }

    private async Task<List<string>> JobLogAsync(Guid job)
    {
        await using var connection = new NpgsqlConnection(topology.ExportsDb);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT message FROM job_logs WHERE job_id = @id ORDER BY id",
            connection
        );
        command.Parameters.AddWithValue("id", job);
        await using var reader = await command.ExecuteReaderAsync();
        var lines = new List<string>();
        while (await reader.ReadAsync()) lines.Add(reader.GetString(0));
        return lines;
    }

    private async Task<T> ScalarAsync<T>(string sql, Guid id)
    {
        await using var connection = new NpgsqlConnection(topology.ExportsDb);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.AddWithValue("id", id);
        return (T)(await command.ExecuteScalarAsync())!;
    }

    private static async Task<byte[]> DownloadAsync(GatewayClient client, Guid jobId)
    {
        using var download = await client.SendAsync(HttpMethod.Get, $"/api/v1/export/download/{jobId}");
        Assert.Equal(HttpStatusCode.Found, download.StatusCode);
        var token = client.AccessToken;
        client.AccessToken = null; // the signed URL is its own authorization
        try
        {
            using var file = await client.SendAsync(HttpMethod.Get, download.Headers.Location!.ToString());
            Assert.Equal(HttpStatusCode.OK, file.StatusCode);
            return await file.Content.ReadAsByteArrayAsync();
        }
        finally
        {
            client.AccessToken = token;
        }
    }

    private static async Task<JsonNode> WaitForStatusAsync(GatewayClient client, Guid jobId, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var job = await client.SendJsonAsync(
                HttpMethod.Get,
                $"/api/v1/export/job/{jobId}",
                null,
                HttpStatusCode.OK
            );
            if (job["status"]!.GetValue<string>() is "completed" or "failed" or "cancelled" or "dead_letter")
                return job;
            if (clock.Elapsed > timeout) throw new TimeoutException($"job {jobId}: {job.ToJsonString()}");
            await Task.Delay(200);
        }
    }

    /// <summary>Polls until <paramref name="check"/> returns null (done); its last message explains a
    /// timeout.</summary>
    private static async Task EventuallyAsync(TimeSpan timeout, Func<Task<string?>> check)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var problem = await check();
            if (problem is null) return;
            if (clock.Elapsed > timeout)
                throw new TimeoutException($"not reached within {timeout.TotalSeconds:0} s: {problem}");
            await Task.Delay(250);
        }
    }

    private static bool StartsWithPdf(string path)
    {
        try
        {
            using var stream = File.OpenRead(path);
            var head = new byte[5];
            return stream.Read(head) == 5 && head.AsSpan().SequenceEqual("%PDF-"u8);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return false; }
    }
}

/// <summary>Runs a class's tests in method-name order (A_…, B_…).</summary>
public sealed class ByNameOrderer : ITestCaseOrderer
{
    public IEnumerable<TTestCase> OrderTestCases<TTestCase>(IEnumerable<TTestCase> testCases)
        where TTestCase : ITestCase => testCases.OrderBy(t => t.TestMethod.Method.Name, StringComparer.Ordinal);
}
