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
/// </summary>
public sealed class SigningKeyStore(NpgsqlDataSource db, TimeProvider clock, IOptions<AccountOptions> options) : IDisposable
{
    private const long CreateKeyLock = 0x5369_676E_4B65; // "SignKe"
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly ConcurrentDictionary<string, (RsaSecurityKey Private, RsaSecurityKey Public)> _keys = new();
    private Snapshot? _snapshot;

    public sealed record Snapshot(RsaSecurityKey Current, IReadOnlyList<RsaSecurityKey> Published, DateTimeOffset LoadedAt);

    /// <summary>The key new tokens are signed with.</summary>
    public async Task<RsaSecurityKey> GetCurrentAsync(CancellationToken ct) => (await GetAsync(ct)).Current;

    /// <summary>Every key a valid token may be signed with (current and recently retired).</summary>
    public async Task<IReadOnlyList<RsaSecurityKey>> GetPublishedAsync(CancellationToken ct) => (await GetAsync(ct)).Published;

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
        if (snapshot is not null && clock.GetUtcNow() - snapshot.LoadedAt < options.Value.SigningKeyCacheDuration) return snapshot;

        await _gate.WaitAsync(ct);
        try
        {
            snapshot = _snapshot;
            if (snapshot is not null && clock.GetUtcNow() - snapshot.LoadedAt < options.Value.SigningKeyCacheDuration) return snapshot;
            return _snapshot = await LoadAsync(ct);
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task<Snapshot> LoadAsync(CancellationToken ct)
    {
        var rows = await ReadAsync(ct);
        if (!rows.Any(r => r.RetiredAt is null))
        {
            await CreateKeyAsync(ct);
            rows = await ReadAsync(ct);
        }
        var now = clock.UtcNowForDb();
        var current = rows.Where(r => r.RetiredAt is null).OrderByDescending(r => r.CreatedAt).First();
        var published = rows.Where(r => r.RetiredAt is null || r.RetiredAt > now - options.Value.RetiredKeyGracePeriod)
            .Select(r => Keys(r).Public).ToList();
        return new Snapshot(Keys(current).Private, published, clock.GetUtcNow());
    }

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
        var rows = await conn.QueryAsync<KeyRow>(new CommandDefinition(
            "SELECT kid, private_key_pem AS PrivateKeyPem, created_at AS CreatedAt, retired_at AS RetiredAt FROM signing_keys",
            cancellationToken: ct));
        return rows.ToList();
    }

    private async Task CreateKeyAsync(CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        await conn.ExecuteAsync(new CommandDefinition("SELECT pg_advisory_xact_lock(@k)", new { k = CreateKeyLock }, tx, cancellationToken: ct));
        var exists = await conn.ExecuteScalarAsync<bool>(new CommandDefinition(
            "SELECT EXISTS (SELECT 1 FROM signing_keys WHERE retired_at IS NULL)", transaction: tx, cancellationToken: ct));
        if (!exists)
        {
            using var rsa = RSA.Create(2048);
            await conn.ExecuteAsync(new CommandDefinition(
                "INSERT INTO signing_keys (kid, private_key_pem, created_at) VALUES (@Kid, @Pem, @CreatedAt)",
                new { Kid = Base64UrlEncoder.Encode(RandomNumberGenerator.GetBytes(12)), Pem = rsa.ExportPkcs8PrivateKeyPem(), CreatedAt = clock.UtcNowForDb() },
                tx, cancellationToken: ct));
        }
        await tx.CommitAsync(ct);
    }

    public void Dispose() => _gate.Dispose();

    private sealed record KeyRow(string Kid, string PrivateKeyPem, DateTime CreatedAt, DateTime? RetiredAt);
}
