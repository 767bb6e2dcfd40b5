using System.Net;
using ResumePair.Testing.Jobs;

namespace Cluster.Bench;

public sealed record AutosaveCheck(int Acked, int Lost, int AppliedTwice, int AppliedUnacknowledged);

public sealed record ExportCheck(int Accepted, int Completed, int Failed, int Unfinished, int CompletedTwice)
{
    public int Lost => Accepted - Completed;
}

/// <summary>Reads back, through the public API, what the ledger says was acknowledged, and counts what is missing or
/// doubled.</summary>
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
            var history = await user.Api.SendAsync(
                HttpMethod.Get,
                $"/api/v1/documents/{user.DocumentId}/versions?limit=100",
                ct: ct
            );
            if (!document.Ok || !history.Ok)
                throw new InvalidOperationException(
                    $"read back {user.DocumentId}: {(int)document.Status} {(int)history.Status}"
                );
            var present = history.Body!["items"]!.AsArray().Select(v => v!["version"]!.GetValue<int>()).ToHashSet();
            lost += edits.Count(e => !present.Contains(e.Version));
            var last = edits.MaxBy(e => e.Edit);
            if (document.Body!["data"]?["profile"]?["summary"]?.GetValue<string>() != $"edit {last.Edit}"
                && document.Body["version"]!.GetValue<int>() == last.Version) lost++;
            // Versions nobody was told about: an edit applied twice, or applied while its answer was lost for good.
            foreach (var version in present.Where(v => v > user.InitialVersion).Except(edits.Select(e => e.Version)))
            {
                var old = await user.Api.SendAsync(
                    HttpMethod.Get,
                    $"/api/v1/documents/{user.DocumentId}/versions/{version}",
                    ct: ct
                );
                var summary = old.Body?["data"]?["profile"]?["summary"]?.GetValue<string>() ?? "";
                if (edits.Any(e => $"edit {e.Edit}" == summary)) twice++;
                else unacked++;
            }
        }
        return new AutosaveCheck(acked, lost, twice, unacked);
    }

    /// <summary>
    /// Installs the completion audit in the orchestrator's database (after its migrations, before any load): the count
    /// of "completed twice" must not depend on a log line, which in-process jobs no longer write (#21).
    /// </summary>
    public static async Task PrepareExportsAsync(Cluster cluster, CancellationToken ct)
    {
        await using var db = cluster.Database("exportsdb");
        await CompletionAudit.InstallAsync(db, ct);
    }

    /// <summary>Waits (up to <paramref name="patience"/>) for every accepted export to finish, then counts outcomes;
    /// "completed twice" = a job row that entered <c>completed</c> more than once (<see cref="CompletionAudit"/>,
    /// installed by <see cref="PrepareExportsAsync"/>), whichever path completed it.</summary>
    public static async Task<ExportCheck> ExportsAsync(
        Cluster cluster,
        Ledger ledger,
        TimeSpan patience,
        CancellationToken ct
    )
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
        var (_, twice) = await CompletionAudit.CountAsync(db, jobs.Select(j => j.JobId).ToArray(), ct);
        return new ExportCheck(jobs.Count,
            status.Values.Count(s => s == "completed"),
            status.Values.Count(s => s is "failed" or "dead_letter" or "cancelled"),
            jobs.Count(j => !IsTerminal(status.GetValueOrDefault(j.JobId))),
            (int)twice);
    }

    private static bool IsTerminal(string? status) => status is "completed" or "failed" or "dead_letter" or "cancelled";
}
