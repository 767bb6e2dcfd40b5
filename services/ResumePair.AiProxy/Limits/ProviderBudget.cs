using Microsoft.Extensions.Options;
using Npgsql;

namespace ResumePair.AiProxy.Limits;

/// <summary>
/// The vendor's quota (requests and tokens per minute) as two token buckets in one Postgres row per provider, so
/// every replica draws from the same budget and we never exceed what the vendor allows. Buckets refill lazily
/// (capacity × elapsed / 1 min, capped at capacity) under a row lock. A call takes one request and its estimated
/// tokens up front; <see cref="SettleAsync"/> corrects the tokens once the vendor reports real usage (it may go
/// negative: the next callers wait for the debt to refill).
/// </summary>
public sealed class ProviderBudget(NpgsqlDataSource db, IOptionsMonitor<AiOptions> options, TimeProvider time)
{
    public async Task<(bool Allowed, TimeSpan RetryAfter)> TryTakeAsync(
        string provider,
        int estimatedTokens,
        CancellationToken ct
    )
    {
        var o = options.CurrentValue.Budget;
        double rpm = Math.Max(1, o.RequestsPerMinute), tpm = Math.Max(1, o.TokensPerMinute);
        var now = time.GetUtcNow();
        await using var c = await db.OpenConnectionAsync(ct);
        await using var tx = await c.BeginTransactionAsync(ct);
        await using (
            var insert = new NpgsqlCommand(
                "INSERT INTO provider_budget (provider, requests, tokens, updated_at) VALUES (@p, @r, @t, @now) "
                    + "ON CONFLICT (provider) DO NOTHING",
                c,
                tx
            )
        )
        {
            insert.Parameters.AddWithValue("p", provider);
            insert.Parameters.AddWithValue("r", rpm);
            insert.Parameters.AddWithValue("t", tpm);
            insert.Parameters.AddWithValue("now", now);
            await insert.ExecuteNonQueryAsync(ct);
        }
        double requests, tokens;
        DateTimeOffset updated;
        await using (
            var select = new NpgsqlCommand(
                "SELECT requests, tokens, updated_at FROM provider_budget WHERE provider = @p FOR UPDATE",
                c,
                tx
            )
        )
        {
            select.Parameters.AddWithValue("p", provider);
            await using var reader = await select.ExecuteReaderAsync(ct);
            await reader.ReadAsync(ct);
            (requests, tokens, updated) = (
                reader.GetDouble(0),
                reader.GetDouble(1),
                reader.GetFieldValue<DateTimeOffset>(2)
            );
        }
        var minutes = Math.Max(0, (now - updated).TotalMinutes);
        requests = Math.Min(rpm, requests + rpm * minutes);
        tokens = Math.Min(tpm, tokens + tpm * minutes);
        // A single request larger than the whole bucket could never pass; it only needs a full bucket.
        var need = Math.Min(estimatedTokens, tpm);
        var allowed = requests >= 1 && tokens >= need;
        if (allowed) { requests -= 1; tokens -= estimatedTokens; }
        await using (
            var update = new NpgsqlCommand(
                "UPDATE provider_budget SET requests = @r, tokens = @t, updated_at = @now WHERE provider = @p",
                c,
                tx
            )
        )
        {
            update.Parameters.AddWithValue("p", provider);
            update.Parameters.AddWithValue("r", requests);
            update.Parameters.AddWithValue("t", tokens);
            update.Parameters.AddWithValue("now", now);
            await update.ExecuteNonQueryAsync(ct);
        }
        await tx.CommitAsync(ct);
        if (allowed) return (true, TimeSpan.Zero);
        var wait = Math.Max(requests >= 1 ? 0 : (1 - requests) / rpm, tokens >= need ? 0 : (need - tokens) / tpm);
        return (false, TimeSpan.FromMinutes(wait));
    }

    public async Task SettleAsync(string provider, int estimatedTokens, int actualTokens)
    {
        if (estimatedTokens == actualTokens) return;
        await using var cmd = db.CreateCommand(
            "UPDATE provider_budget SET tokens = tokens - @delta WHERE provider = @p"
        );
        cmd.Parameters.AddWithValue("p", provider);
        cmd.Parameters.AddWithValue("delta", (double)(actualTokens - estimatedTokens));
        await cmd.ExecuteNonQueryAsync(CancellationToken.None);
    }
}
