using System.Collections.Concurrent;
using System.Globalization;
using Microsoft.Extensions.Options;

namespace ResumePair.Gateway.Sessions;

/// <summary>
/// The sessions that ended (sign-out, revocation, password change, account deletion), read from the documents
/// service's feed every <see cref="SessionCheckOptions.FeedInterval"/>: one signed request per replica and second
/// instead of one per signed-in session every few seconds (≈ 13 % of the gateway's CPU at 200 autosaving users,
/// bench/README.md). The first read, at start, returns every session ended within an access token's lifetime, so a
/// replica that just started trusts no token of those; until it has succeeded, and whenever the last success is older
/// than <see cref="SessionCheckOptions.FeedStaleAfter"/>, <see cref="IsCurrent"/> is false and each session is looked
/// up on its own (<see cref="SessionChecker"/>).
/// </summary>
public sealed class SessionRevocationFeed(IHttpClientFactory clients, TimeProvider clock,
    IOptions<SessionCheckOptions> options, ILogger<SessionRevocationFeed> log) : BackgroundService
{
    public const string HttpClientName = "session-revocations";

    /// <summary>Ended session → when its tokens have all expired (then it is forgotten).</summary>
    private readonly ConcurrentDictionary<Guid, DateTimeOffset> _revoked = new();
    private ulong? _cursor;
    /// <summary>When the last successful read started (a <see cref="TimeProvider"/> timestamp); 0 before one.</summary>
    private long _currentSince;
    private DateTimeOffset _nextPrune;
    private bool? _failing;

    /// <summary>The last successful read started at most <see cref="SessionCheckOptions.FeedStaleAfter"/>
    /// ago.</summary>
    public bool IsCurrent
    {
        get
        {
            var since = Volatile.Read(ref _currentSince);
            return since != 0 && clock.GetElapsedTime(since) <= options.Value.FeedStaleAfter;
        }
    }

    public bool IsRevoked(Guid sessionId) => _revoked.ContainsKey(sessionId);

    /// <summary>A session this replica saw end (a sign-out through it, or a lookup's answer).</summary>
    public void Revoked(Guid sessionId) => _revoked[sessionId] = clock.GetUtcNow() + options.Value.RevokedFor;

    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        // Before the server takes requests when the documents service answers; otherwise lookups cover until it does.
        using var firstRead = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        firstRead.CancelAfter(TimeSpan.FromSeconds(5));
        await ReadAsync(firstRead.Token);
        await base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.FeedInterval, clock);
        while (await timer.WaitForNextTickAsync(stoppingToken)) await ReadAsync(stoppingToken);
    }

    /// <summary>One read of the feed; false when it failed (the feed then ages until a read succeeds).</summary>
    public async Task<bool> ReadAsync(CancellationToken ct)
    {
        var started = clock.GetTimestamp();
        try
        {
            var query = _cursor is { } after ? "?after=" + after.ToString(CultureInfo.InvariantCulture) : "";
            var page = await clients.CreateClient(HttpClientName)
                .GetFromJsonAsync<RevokedPage>("/internal/v1/sessions/revoked" + query, ct);
            var until = clock.GetUtcNow() + options.Value.RevokedFor;
            foreach (var session in page!.Sessions) _revoked[session] = until;
            var next = ulong.Parse(page.Next, CultureInfo.InvariantCulture);
            // A cursor that went back (the database restored or replaced) would skip rows: read the whole window again.
            _cursor = _cursor is { } previous && next < previous ? null : next;
            Volatile.Write(ref _currentSince, started);
            if (_failing is not false)
                log.LogInformation("Session revocation feed is current ({Count} ended sessions)", _revoked.Count);
            _failing = false;
            Prune();
            return true;
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            return false;
        }
        catch (Exception e)
        {
            // Once per outage: the feed then ages past FeedStaleAfter and every session is looked up on its own.
            if (_failing is not true)
                log.LogWarning(e,
                    "Session revocation feed could not be read; sessions are looked up one by one until it can");
            _failing = true;
            return false;
        }
    }

    private void Prune()
    {
        var now = clock.GetUtcNow();
        if (now < _nextPrune) return;
        _nextPrune = now + TimeSpan.FromMinutes(1);
        foreach (var (session, until) in _revoked)
            if (until <= now) _revoked.TryRemove(session, out _);
    }

    private sealed record RevokedPage(string Next, Guid[] Sessions);
}
