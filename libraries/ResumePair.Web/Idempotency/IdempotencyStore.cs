using Dapper;
using Microsoft.Extensions.Options;
using Npgsql;

namespace ResumePair.Web.Idempotency;

public sealed record StoredResponse(int StatusCode, string? Headers, byte[] Body);

/// <summary>
/// <c>idempotency_keys</c>: a claim is a row inserted in a transaction that stays open while the request
/// runs. A concurrent request with the same key blocks on that row and, once the first commits, replays
/// its answer; if the first fails, its transaction rolls back and the key is free again. The endpoint's own
/// writes join that transaction (<see cref="IdempotencyClaim.Transaction"/>), so "done" and "answer stored"
/// are one commit: nothing is ever done twice.
/// </summary>
public sealed class IdempotencyStore(NpgsqlDataSource db, TimeProvider clock, IOptions<IdempotencyOptions> options)
{
    public TimeSpan Retention => options.Value.Retention;

    public async Task<IdempotencyClaim> ClaimAsync(Guid userId, string key, byte[] requestHash, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var conn = await db.OpenConnectionAsync(ct);
        try
        {
            var tx = await conn.BeginTransactionAsync(ct);
            // A key older than the retention is forgotten, as if the sweeper had already removed it.
            await conn.ExecuteAsync(new CommandDefinition(
                "DELETE FROM idempotency_keys WHERE user_id = @userId AND key = @key AND created_at < @expired",
                new { userId, key, expired = now - Retention }, tx, cancellationToken: ct));
            var inserted = await conn.ExecuteAsync(
                new CommandDefinition(
                    """
                    INSERT INTO idempotency_keys (user_id, key, request_hash, created_at)
                    VALUES (@userId, @key, @requestHash, @now)
                    ON CONFLICT (user_id, key) DO NOTHING
                    """,
                    new
                    {
                        userId,
                        key,
                        requestHash,
                        now,
                    },
                    tx,
                    cancellationToken: ct
                )
            );
            if (inserted == 1) return new IdempotencyClaim(conn, tx, userId, key, null, sameRequest: true);

            var existing = await conn.QuerySingleAsync<ExistingRow>(
                new CommandDefinition(
                    """
                    SELECT request_hash AS RequestHash, status_code AS StatusCode, response_headers::text AS Headers,
                           response_body AS Body
                    FROM idempotency_keys WHERE user_id = @userId AND key = @key
                    """,
                    new { userId, key },
                    tx,
                    cancellationToken: ct
                )
            );
            await tx.DisposeAsync();
            await conn.DisposeAsync();
            var same = existing.RequestHash.AsSpan().SequenceEqual(requestHash);
            return new IdempotencyClaim(null, null, userId, key,
                new StoredResponse(existing.StatusCode ?? 0, existing.Headers, existing.Body ?? []), same);
        }
        catch
        {
            await conn.DisposeAsync();
            throw;
        }
    }

    /// <summary>Deletes keys older than the retention; returns how many.</summary>
    public async Task<int> CleanupAsync(CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        return await conn.ExecuteAsync(
            new CommandDefinition(
                "DELETE FROM idempotency_keys WHERE created_at < @before",
                new { before = clock.GetUtcNow() - Retention },
                cancellationToken: ct
            )
        );
    }

    /// <summary>A deleted account's stored answers (they hold what it was sent), in the caller's transaction.</summary>
    public static Task<int> DeleteUserAsync(
        NpgsqlConnection conn,
        NpgsqlTransaction tx,
        Guid userId,
        CancellationToken ct
    ) =>
        conn.ExecuteAsync(
            new CommandDefinition(
                "DELETE FROM idempotency_keys WHERE user_id = @userId",
                new { userId },
                tx,
                cancellationToken: ct
            )
        );

    private sealed record ExistingRow(byte[] RequestHash, int? StatusCode, string? Headers, byte[]? Body);
}

/// <summary>
/// Either the right to run the request (<see cref="Previous"/> is null: complete it with the answer, or
/// dispose it to give the key back) or the earlier answer for this key.
/// </summary>
public sealed class IdempotencyClaim(
    NpgsqlConnection? conn,
    NpgsqlTransaction? tx,
    Guid userId,
    string key,
    StoredResponse? previous,
    bool sameRequest
) : IAsyncDisposable
{
    public StoredResponse? Previous => previous;

    /// <summary>The claim's open transaction: the endpoint's writes join it, so they commit with the stored
    /// answer.</summary>
    public NpgsqlTransaction? Transaction => tx;

    /// <summary>False when the key was first used with a different request (answered 422).</summary>
    public bool IsSameRequest => sameRequest;

    public async Task CompleteAsync(int statusCode, string headers, byte[] body, CancellationToken ct)
    {
        if (conn is null || tx is null) throw new InvalidOperationException("This claim holds no key.");
        await conn.ExecuteAsync(
            new CommandDefinition(
                """
                UPDATE idempotency_keys SET status_code = @statusCode, response_headers = CAST(@headers AS jsonb),
                    response_body = @body
                WHERE user_id = @userId AND key = @key
                """,
                new
                {
                    statusCode,
                    headers,
                    body,
                    userId,
                    key,
                },
                tx,
                cancellationToken: ct
            )
        );
        await tx.CommitAsync(ct);
    }

    public async ValueTask DisposeAsync()
    {
        if (tx is not null) await tx.DisposeAsync();
        if (conn is not null) await conn.DisposeAsync();
    }
}
