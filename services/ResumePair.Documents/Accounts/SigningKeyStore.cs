using System.Collections.Concurrent;
using System.Security.Cryptography;
using Dapper;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;
using Npgsql;
using ResumePair.Documents.Http;

namespace ResumePair.Documents.Accounts;

/// <summary>
/// The RSA keys that sign access tokens, kept in <c>signing_keys</c> so every replica signs and
/// validates with the same keys. The first replica that needs a key creates it (under an advisory
/// lock, so two replicas starting together do not create two). Keys are cached in memory and
/// re-read periodically, or at once when a token names an unknown <c>kid</c>.
/// <para>
/// Rotation (<see cref="RotateAsync"/>, run by <see cref="SigningKeyRotation"/> when the key is older than
/// <see cref="AccountOptions.SigningKeyLifetime"/>) publishes a successor that only starts signing after
/// <see cref="AccountOptions.SigningKeyPublishAhead"/>; the old key is then retired but stays published for
/// <see cref="AccountOptions.RetiredKeyGracePeriod"/> (longer than a token lives), so nobody is logged out.
/// </para>
/// </summary>
public sealed class SigningKeyStore(NpgsqlDataSource db, TimeProvider clock, IOptions<AccountOptions> options)
    : IDisposable
{
    private const long CreateKeyLock = 0x5369_676E_4B65; // "SignKe"
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly ConcurrentDictionary<string, (RsaSecurityKey Private, RsaSecurityKey Public)> _keys = new();
    private Snapshot? _snapshot;

    /// <param name="ValidUntil">When to read the table again: the cache period, or sooner when a published successor
    /// starts signing.</param>
    public sealed record Snapshot(
        RsaSecurityKey Current,
        IReadOnlyList<RsaSecurityKey> Published,
        DateTimeOffset LoadedAt,
        DateTimeOffset ValidUntil
    );

    /// <summary>The key new tokens are signed with.</summary>
    public async Task<RsaSecurityKey> GetCurrentAsync(CancellationToken ct) => (await GetAsync(ct)).Current;

    /// <summary>Every key a valid token may be signed with (current and recently retired).</summary>
    public async Task<IReadOnlyList<RsaSecurityKey>> GetPublishedAsync(CancellationToken ct) =>
        (await GetAsync(ct)).Published;

    /// <summary>
    /// Forgets the cache so the next call reads the table again; at most every few seconds, so tokens
    /// with made-up key ids cannot turn every request into a database read.
    /// </summary>
    public void Invalidate()
    {
        if (_snapshot is { } s && clock.GetUtcNow() - s.LoadedAt > TimeSpan.FromSeconds(5)) _snapshot = null;
    }

    private async Task<Snapshot> GetAsync(CancellationToken ct)
    {
        var snapshot = _snapshot;
        if (snapshot is not null && clock.GetUtcNow() < snapshot.ValidUntil) return snapshot;

        await _gate.WaitAsync(ct);
        try
        {
            snapshot = _snapshot;
            if (snapshot is not null && clock.GetUtcNow() < snapshot.ValidUntil) return snapshot;
            return _snapshot = await LoadAsync(ct);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Forgets the cache at once (after this replica rotated the keys itself).</summary>
    public void ForgetCache() => _snapshot = null;

    private async Task<Snapshot> LoadAsync(CancellationToken ct)
    {
        var rows = await ReadAsync(ct);
        if (!rows.Any(r => r.RetiredAt is null))
        {
            await CreateKeyAsync(ct);
            rows = await ReadAsync(ct);
        }
        var now = clock.UtcNowForDb();
        // Retiring is scheduled for the moment the successor starts: until then the old key still signs.
        var live = rows.Where(r => r.RetiredAt is null || r.RetiredAt > now).OrderByDescending(r => r.Start).ToList();
        // The newest key already allowed to sign; a successor still being published ahead waits its turn.
        var current = live.FirstOrDefault(r => r.Start <= now) ?? live[^1];
        var published = rows.Where(r => r.RetiredAt is null || r.RetiredAt > now - options.Value.RetiredKeyGracePeriod)
            .Select(r => Keys(r).Public).ToList();
        var loadedAt = clock.GetUtcNow();
        var validUntil = loadedAt + options.Value.SigningKeyCacheDuration;
        if (
            live.Where(r => r.Start > now).Select(r => (DateTime?)r.Start).Min() is { } next
            && next < validUntil.UtcDateTime
        )
            validUntil = new DateTimeOffset(next, TimeSpan.Zero);
        return new Snapshot(Keys(current).Private, published, loadedAt, validUntil);
    }

    /// <summary>Rotates when the signing key is older than the lifetime and no successor is waiting; true when it
    /// did.</summary>
    public Task<bool> RotateIfDueAsync(CancellationToken ct) => RotateAsync(force: false, publishAhead: null, ct);

    /// <summary>
    /// Publishes a new key that signs from now + <paramref name="publishAhead"/> (default
    /// <see cref="AccountOptions.SigningKeyPublishAhead"/>) and retires the keys it replaces as of that moment.
    /// Retired keys stay in the JWKS for the grace period, so tokens they signed keep validating.
    /// </summary>
    public async Task<bool> RotateAsync(bool force, TimeSpan? publishAhead, CancellationToken ct)
    {
        var now = clock.UtcNowForDb();
        var start = now + (publishAhead ?? options.Value.SigningKeyPublishAhead);
        await using (var conn = await db.OpenConnectionAsync(ct))
        await using (var tx = await conn.BeginTransactionAsync(ct))
        {
            await conn.ExecuteAsync(
                new CommandDefinition(
                    "SELECT pg_advisory_xact_lock(@k)",
                    new { k = CreateKeyLock },
                    tx,
                    cancellationToken: ct
                )
            );
            var newest = await conn.QuerySingleOrDefaultAsync<DateTime?>(
                new CommandDefinition(
                    "SELECT max(coalesce(not_before, created_at)) FROM signing_keys WHERE retired_at IS NULL",
                    transaction: tx,
                    cancellationToken: ct
                )
            );
            // Not due: the key is young, or a successor is already published and waiting to sign.
            if (!force && newest is { } n && (n > now || n > now - options.Value.SigningKeyLifetime)) return false;

            using var rsa = RSA.Create(2048);
            await conn.ExecuteAsync(
                new CommandDefinition(
                    """
                    UPDATE signing_keys SET retired_at = @start WHERE retired_at IS NULL;
                    INSERT INTO signing_keys (kid, private_key_pem, created_at, not_before)
                    VALUES (@kid, @pem, @now, @start);
                    """,
                    new
                    {
                        kid = NewKid(),
                        pem = rsa.ExportPkcs8PrivateKeyPem(),
                        now,
                        start,
                    },
                    tx,
                    cancellationToken: ct
                )
            );
            await tx.CommitAsync(ct);
        }
        ForgetCache();
        return true;
    }

    private static string NewKid() => Base64UrlEncoder.Encode(RandomNumberGenerator.GetBytes(12));

    /// <summary>
    /// Key objects are made once per kid and reused across reloads: token handlers cache signature
    /// providers per key instance, so fresh instances every few minutes would only fill those caches.
    /// </summary>
    private (RsaSecurityKey Private, RsaSecurityKey Public) Keys(KeyRow row) => _keys.GetOrAdd(row.Kid, _ =>
    {
        var rsa = RSA.Create(); // lives as long as this process: keys are few and long-lived
        rsa.ImportFromPem(row.PrivateKeyPem);
        return (new RsaSecurityKey(rsa) { KeyId = row.Kid },
                new RsaSecurityKey(rsa.ExportParameters(includePrivateParameters: false)) { KeyId = row.Kid });
    });

    private async Task<List<KeyRow>> ReadAsync(CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        var rows = await conn.QueryAsync<KeyRow>(
            new CommandDefinition(
                "SELECT kid, private_key_pem AS PrivateKeyPem, created_at AS CreatedAt, retired_at AS RetiredAt, "
                    + "not_before AS NotBefore FROM signing_keys",
                cancellationToken: ct
            )
        );
        return rows.ToList();
    }

    private async Task CreateKeyAsync(CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        await conn.ExecuteAsync(
            new CommandDefinition(
                "SELECT pg_advisory_xact_lock(@k)",
                new { k = CreateKeyLock },
                tx,
                cancellationToken: ct
            )
        );
        var exists = await conn.ExecuteScalarAsync<bool>(
            new CommandDefinition(
                "SELECT EXISTS (SELECT 1 FROM signing_keys WHERE retired_at IS NULL)",
                transaction: tx,
                cancellationToken: ct
            )
        );
        if (!exists)
        {
            using var rsa = RSA.Create(2048);
            await conn.ExecuteAsync(new CommandDefinition(
                "INSERT INTO signing_keys (kid, private_key_pem, created_at) VALUES (@Kid, @Pem, @CreatedAt)",
                new { Kid = NewKid(), Pem = rsa.ExportPkcs8PrivateKeyPem(), CreatedAt = clock.UtcNowForDb() },
                tx, cancellationToken: ct));
        }
        await tx.CommitAsync(ct);
    }

    public void Dispose() => _gate.Dispose();

    private sealed record KeyRow(
        string Kid,
        string PrivateKeyPem,
        DateTime CreatedAt,
        DateTime? RetiredAt,
        DateTime? NotBefore
    )
    {
        /// <summary>When the key may start signing.</summary>
        public DateTime Start => NotBefore ?? CreatedAt;
    }
}
