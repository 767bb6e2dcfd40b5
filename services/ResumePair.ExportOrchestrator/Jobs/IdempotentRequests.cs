using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Dapper;
using Npgsql;

namespace ResumePair.ExportOrchestrator.Jobs;

/// <summary>
/// <c>Idempotency-Key</c> for export requests: the same key and body from the same user within 24 hours answers
/// with the job the first request created; the same key with another body is a 422. The key is stored on that
/// job (one row, one commit), and looked up under the per-user lock the request already holds.
/// </summary>
public static class IdempotentRequests
{
    public static readonly TimeSpan Window = TimeSpan.FromHours(24);

    public static string Hash(object request) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(JsonSerializer.Serialize(request, JsonSerializerOptions.Web))));

    /// <returns>The earlier job and the hash of the request that created it, or null.</returns>
    public static async Task<(Guid JobId, string? RequestHash)?> FindAsync(NpgsqlConnection c, NpgsqlTransaction? tx, Guid userId, string key, DateTimeOffset now, CancellationToken ct)
    {
        var row = await c.QuerySingleOrDefaultAsync<Earlier>(new CommandDefinition(
            "SELECT id, request_hash FROM jobs WHERE created_by = @userId AND idempotency_key = @key AND created_at > @since",
            new { userId, key, since = now - Window }, tx, cancellationToken: ct));
        return row is null ? null : (row.Id, row.RequestHash);
    }

    /// <summary>Attaches the key to the new job; a key older than the window is released from its old job first.</summary>
    public static async Task AttachAsync(NpgsqlConnection c, NpgsqlTransaction tx, Guid jobId, Guid userId, string key, string requestHash, DateTimeOffset now, CancellationToken ct)
    {
        await c.ExecuteAsync(new CommandDefinition(
            "UPDATE jobs SET idempotency_key = NULL WHERE created_by = @userId AND idempotency_key = @key AND created_at <= @since",
            new { userId, key, since = now - Window }, tx, cancellationToken: ct));
        await c.ExecuteAsync(new CommandDefinition(
            "UPDATE jobs SET idempotency_key = @key, request_hash = @requestHash WHERE id = @jobId",
            new { jobId, key, requestHash }, tx, cancellationToken: ct));
    }

    private sealed class Earlier
    {
        public Guid Id { get; init; }
        public string? RequestHash { get; init; }
    }
}
