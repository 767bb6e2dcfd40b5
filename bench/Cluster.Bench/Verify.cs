using System.Net;
using Dapper;

namespace Cluster.Bench;

public sealed record AutosaveCheck(int Acked, int Lost, int AppliedTwice, int AppliedUnacknowledged);

public sealed record ExportCheck(int Accepted, int Completed, int Failed, int Unfinished, int CompletedTwice)
{
    public int Lost => Accepted - Completed;
}

/// <summary>Reads back, through the public API, what the ledger says was acknowledged, and counts what is missing or doubled.</summary>
public static class Verify
{
    public static async Task<AutosaveCheck> AutosavesAsync(IEnumerable<User> users, Ledger ledger, CancellationToken ct)
    {
        int acked = 0, lost = 0, twice = 0, unacked = 0;
        foreach (var user in users)
        {
            if (!ledger.AckedEdits.TryGetValue(user.DocumentId, out var queue)) continue;
            var edits = queue.ToList();
            acked += edits.Count;
            var document = await user.Api.SendAsync(HttpMethod.Get, $"/api/v1/documents/{user.DocumentId}", ct: ct);
            var history = await user.Api.SendAsync(HttpMethod.Get, $"/api/v1/documents/{user.DocumentId}/versions?limit=100", ct: ct);
            if (!document.Ok || !history.Ok) throw new InvalidOperationException($"read back {user.DocumentId}: {(int)document.Status} {(int)history.Status}");
            var present = history.Body!["items"]!.AsArray().Select(v => v!["version"]!.GetValue<int>()).ToHashSet();
            lost += edits.Count(e => !present.Contains(e.Version));
            var last = edits.MaxBy(e => e.Edit);
            if (document.Body!["data"]?["profile"]?["summary"]?.GetValue<string>() != $"edit {last.Edit}"
                && document.Body["version"]!.GetValue<int>() == last.Version) lost++;
            // Versions nobody was told about: an edit applied twice, or applied while its answer was lost for good.
            foreach (var version in present.Where(v => v > user.InitialVersion).Except(edits.Select(e => e.Version)))
            {
                var old = await user.Api.SendAsync(HttpMethod.Get, $"/api/v1/documents/{user.DocumentId}/versions/{version}", ct: ct);
                var summary = old.Body?["data"]?["profile"]?["summary"]?.GetValue<string>() ?? "";
                if (edits.Any(e => $"edit {e.Edit}" == summary)) twice++;
                else unacked++;
            }
        }
        return new AutosaveCheck(acked, lost, twice, unacked);
    }

    /// <summary>Waits (up to <paramref name="patience"/>) for every accepted export to finish, then counts outcomes;
    /// "completed twice" = more than one completion recorded for a job in the orchestrator's job log.</summary>
    public static async Task<ExportCheck> ExportsAsync(Cluster cluster, Ledger ledger, TimeSpan patience, CancellationToken ct)
    {
        var jobs = ledger.AcceptedExports.ToList();
        var status = new Dictionary<Guid, string>();
        var deadline = DateTime.UtcNow + patience;
        while (true)
        {
            foreach (var (jobId, owner, _) in jobs.Where(j => !IsTerminal(status.GetValueOrDefault(j.JobId))))
            {
                var reply = await owner.SendAsync(HttpMethod.Get, $"/api/v1/export/job/{jobId}", ct: ct);
                if (reply.Status == HttpStatusCode.OK) status[jobId] = reply.Body!["status"]!.GetValue<string>();
            }
            if (jobs.All(j => IsTerminal(status.GetValueOrDefault(j.JobId))) || DateTime.UtcNow > deadline) break;
            await Task.Delay(TimeSpan.FromSeconds(1), ct);
        }
        await using var db = cluster.Database("exportsdb");
        await using var connection = await db.OpenConnectionAsync(ct);
        var twice = await connection.ExecuteScalarAsync<int>(
            """
            SELECT count(*) FROM (
              SELECT job_id FROM job_logs WHERE job_id = ANY(@ids) AND message LIKE '%completed on%' GROUP BY job_id HAVING count(*) > 1) t
            """, new { ids = jobs.Select(j => j.JobId).ToArray() });
        return new ExportCheck(jobs.Count,
            status.Values.Count(s => s == "completed"),
            status.Values.Count(s => s is "failed" or "dead_letter" or "cancelled"),
            jobs.Count(j => !IsTerminal(status.GetValueOrDefault(j.JobId))),
            twice);
    }

    private static bool IsTerminal(string? status) => status is "completed" or "failed" or "dead_letter" or "cancelled";
}
