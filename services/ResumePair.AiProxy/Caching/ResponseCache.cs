using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Dapper;
using Microsoft.Extensions.Options;
using Npgsql;
using ResumePair.AiProxy.Providers;

namespace ResumePair.AiProxy.Caching;

public sealed record CachedAnswer(string Response, int TokensIn, int TokensOut);

/// <summary>
/// Identical requests within <see cref="AiOptions.CacheLifetime"/> answer from Postgres, so every replica agrees.
/// The key hashes the feature, provider, model and the prompt with whitespace normalised; the prompt carries the
/// user's own text (and document), so a hit only ever returns what that same input produced.
/// </summary>
public sealed partial class ResponseCache(NpgsqlDataSource db, IOptions<AiOptions> options, TimeProvider time)
{
    public static string Key(AiPrompt prompt, IAiProvider provider)
    {
        var text = string.Join(
            '\u001f',
            prompt.Feature,
            provider.Name,
            provider.Model,
            Normalize(prompt.System),
            Normalize(prompt.User)
        );
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
    }

    private static string Normalize(string text) =>
        Whitespace().Replace(text.Normalize(NormalizationForm.FormC), " ").Trim();

    public async Task<CachedAnswer?> GetAsync(string key, CancellationToken ct)
    {
        await using var c = await db.OpenConnectionAsync(ct);
        return await c.QuerySingleOrDefaultAsync<CachedAnswer>(
            new CommandDefinition(
                "SELECT response, tokens_in AS tokensin, tokens_out AS tokensout FROM ai_cache WHERE key = @key "
                    + "AND expires_at > @now",
                new { key, now = time.GetUtcNow() },
                cancellationToken: ct
            )
        );
    }

    /// <param name="userId">Whose request it answered: an account's deletion deletes the answers made from its
    /// text.</param>
    public async Task PutAsync(
        string key,
        AiPrompt prompt,
        string model,
        string response,
        int tokensIn,
        int tokensOut,
        Guid userId
    )
    {
        var now = time.GetUtcNow();
        await using var c = await db.OpenConnectionAsync();
        await c.ExecuteAsync(
            """
            INSERT INTO ai_cache (key, feature, model, response, tokens_in, tokens_out, created_at, expires_at, user_id)
            VALUES (@key, @feature, @model, @response, @tokensIn, @tokensOut, @now, @expires, @userId)
            ON CONFLICT (key) DO UPDATE SET response = excluded.response, tokens_in = excluded.tokens_in,
                tokens_out = excluded.tokens_out, created_at = excluded.created_at, expires_at = excluded.expires_at,
                user_id = excluded.user_id
            """,
            new
            {
                key,
                feature = prompt.Feature,
                model,
                response,
                tokensIn,
                tokensOut,
                now,
                expires = now + options.Value.CacheLifetime,
                userId,
            }
        );
    }

    public async Task<int> PurgeExpiredAsync(CancellationToken ct)
    {
        await using var c = await db.OpenConnectionAsync(ct);
        return await c.ExecuteAsync(
            new CommandDefinition(
                "DELETE FROM ai_cache WHERE expires_at <= @now",
                new { now = time.GetUtcNow() },
                cancellationToken: ct
            )
        );
    }

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}

/// <summary>Deletes expired cache rows every few minutes (they are never read; this only keeps the table
/// small).</summary>
public sealed class CachePurger(ResponseCache cache, TimeProvider time, ILogger<CachePurger> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromMinutes(10), time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try { await cache.PurgeExpiredAsync(stoppingToken); }
            catch (NpgsqlException e) { logger.LogWarning(e, "AI cache purge failed; retrying later"); }
        }
    }
}
