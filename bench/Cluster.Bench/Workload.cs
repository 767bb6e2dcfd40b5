using System.Diagnostics;
using System.Net;

namespace Cluster.Bench;

/// <summary>One simulated person: an account, a resume being autosaved, and an export now and then.</summary>
public sealed class User(Api api, Guid documentId, int version)
{
    public Api Api { get; } = api;
    public Guid DocumentId { get; } = documentId;
    public int InitialVersion { get; } = version;
    public int Version { get; set; } = version;
    public int NextEdit { get; set; } = 1;

    public static async Task<List<User>> CreateAsync(
        IReadOnlyList<HttpClient> gateways,
        int count,
        CancellationToken ct
    )
    {
        var users = new List<User>();
        // A few at a time: registration hashes a password on purpose slowly.
        foreach (var chunk in Enumerable.Range(0, count).Chunk(4))
            users.AddRange(await Task.WhenAll(chunk.Select(async i =>
            {
                var api = new Api(gateways);
                await api.RegisterAsync(ct);
                var (id, version) = await api.CreateResumeAsync($"Bench resume {i}", ct);
                return new User(api, id, version);
            })));
        return users;
    }

    /// <summary>A fresh resume for this user, so each drill's history is its own.</summary>
    public async Task<User> WithFreshDocumentAsync(CancellationToken ct)
    {
        var (id, version) = await Api.CreateResumeAsync("Bench resume", ct);
        return new User(Api, id, version);
    }
}

/// <summary>The traffic: open-loop autosaves (the editor's ~2 s debounce), reads, exports and AI calls.</summary>
public sealed class Workload(
    Ledger ledger,
    TimeSpan autosaveEvery,
    TimeSpan readEvery,
    TimeSpan exportEvery,
    TimeSpan aiEvery
)
{
    private static readonly string[] Templates = ["ats-single-column", "modern-sidebar", "compact", "classic-serif"];

    public Task RunAsync(IReadOnlyList<User> users, DateTime stopAt, CancellationToken ct)
    {
        var tasks = new List<Task>();
        foreach (var (user, i) in users.Select((u, i) => (u, i)))
        {
            tasks.Add(Every(autosaveEvery, stopAt, () => AutosaveAsync(user, stopAt, ct), ct));
            if (readEvery > TimeSpan.Zero) tasks.Add(Every(readEvery, stopAt, () => ReadAsync(user, ct), ct));
            if (exportEvery > TimeSpan.Zero)
                tasks.Add(Every(exportEvery, stopAt, () => ExportAsync(user, i, stopAt, ct), ct));
            // AI calls from a few users only: the per-user limits (enhance 10/min) are part of the product.
            if (aiEvery > TimeSpan.Zero && i % 4 == 0)
                tasks.Add(Every(aiEvery, stopAt, () => EnhanceAsync(user, ct), ct));
        }
        return Task.WhenAll(tasks);
    }

    /// <summary>Runs <paramref name="action"/> on a fixed schedule with a random phase; a slow action delays the next
    /// (one tab, one request at a time).</summary>
    private static async Task Every(TimeSpan period, DateTime stopAt, Func<Task> action, CancellationToken ct)
    {
        await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.NextDouble() * period.TotalMilliseconds), ct);
        var next = DateTime.UtcNow;
        while (DateTime.UtcNow < stopAt && !ct.IsCancellationRequested)
        {
            await action();
            next += period;
            var wait = next - DateTime.UtcNow;
            if (wait > TimeSpan.Zero) await Task.Delay(wait, ct);
            else next = DateTime.UtcNow; // fell behind (an outage): don't burst to catch up
        }
    }

    private async Task AutosaveAsync(User user, DateTime stopAt, CancellationToken ct)
    {
        var edit = user.NextEdit++;
        var key = $"{user.DocumentId:N}-{edit}";
        var body = new { data = new { profile = new { summary = $"edit {edit}" } } };
        var ifMatch = $"\"{user.Version}\"";
        var started = Stopwatch.StartNew();
        var reply = await user.Api.SendUntilAnsweredAsync(
            () =>
                user.Api.SendAsync(
                    HttpMethod.Patch,
                    $"/api/v1/documents/{user.DocumentId}",
                    body,
                    ifMatch,
                    key,
                    "application/merge-patch+json",
                    ct
                ),
            r => ledger.Failed("autosave", r),
            stopAt.AddSeconds(90),
            ct
        );
        if (reply.Ok)
        {
            user.Version = reply.Body!["version"]!.GetValue<int>();
            ledger.AckedEdits.GetOrAdd(user.DocumentId, _ => new()).Enqueue((edit, user.Version));
            ledger.Latency("autosave", started.Elapsed.TotalMilliseconds);
        }
        else
        {
            ledger.Anomalies.Enqueue(
                $"autosave {user.DocumentId} edit {edit}: "
                    + $"{(int)reply.Status} "
                    + $"{reply.Error}{reply.Body?.ToJsonString()[..Math.Min(200, reply.Body.ToJsonString().Length)]}"
            );
            if (reply.Status == HttpStatusCode.Conflict && reply.Body?["current"]?["version"] is { } current)
                user.Version = current.GetValue<int>();
        }
    }

    private async Task ReadAsync(User user, CancellationToken ct)
    {
        var started = Stopwatch.StartNew();
        var reply = await user.Api.SendAsync(HttpMethod.Get, $"/api/v1/documents/{user.DocumentId}", ct: ct);
        if (reply.Ok) ledger.Latency("read", started.Elapsed.TotalMilliseconds);
        else ledger.Failed("read", reply);
    }

    private async Task ExportAsync(User user, int index, DateTime stopAt, CancellationToken ct)
    {
        var key = Guid.NewGuid().ToString("N");
        var body = new
        {
            documentId = user.DocumentId,
            templateId = Templates[(index + user.NextEdit) % Templates.Length],
            pageSize = user.NextEdit % 2 == 0 ? "A4" : "Letter",
        };
        var started = Stopwatch.StartNew();
        var reply = await user.Api.SendUntilAnsweredAsync(
            () => user.Api.SendAsync(HttpMethod.Post, "/api/v1/export/pdf", body, idempotencyKey: key, ct: ct),
            r => ledger.Failed("export", r), stopAt.AddSeconds(90), ct);
        if (reply.Status == HttpStatusCode.Accepted)
        {
            ledger.AcceptedExports.Enqueue((reply.Body!["jobId"]!.GetValue<Guid>(), user.Api, DateTime.UtcNow));
            ledger.Latency("export-request", started.Elapsed.TotalMilliseconds);
        }
        // The product's own limits (3 unfinished, 5/min) answer 429 until the deadline: not a failure, a skipped turn.
        else if (reply.Status == HttpStatusCode.TooManyRequests) ledger.Limited();
        else
            ledger.Anomalies.Enqueue(
                $"export {user.DocumentId}: {(int)reply.Status} {reply.Error}{reply.Body?.ToJsonString()}"
            );
    }

    private async Task EnhanceAsync(User user, CancellationToken ct)
    {
        var started = Stopwatch.StartNew();
        var reply = await user.Api.SendAsync(
            HttpMethod.Post,
            "/api/v1/ai/enhance",
            new { text = "- did the builds\n- fixed bugs in the export path" },
            idempotencyKey: Guid.NewGuid().ToString("N"),
            ct: ct
        );
        if (reply.Ok) ledger.Latency("ai", started.Elapsed.TotalMilliseconds);
        else if (reply.Status == HttpStatusCode.TooManyRequests) ledger.Limited();
        else ledger.Failed("ai", reply);
    }
}
