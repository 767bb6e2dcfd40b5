using MassTransit;
using Npgsql;

namespace ResumePair.Messaging.Inbox;

/// <summary>
/// Exactly-once effects on an at-least-once bus: the consumer's effect and the inbox row
/// <c>(consumer, message_id)</c> commit in one transaction. The row is inserted first, so a concurrent
/// duplicate blocks on the primary key until the first commits, then sees the conflict and skips.
/// </summary>
public sealed class Inbox(NpgsqlDataSource dataSource, TimeProvider time)
{
    public delegate Task Effect(NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken ct);

    /// <returns>true when the effect ran and committed; false when this consumer had already processed the
    /// message.</returns>
    public async Task<bool> ProcessOnceAsync(string consumer, Guid messageId, Effect effect, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        await using (
            var cmd = new NpgsqlCommand(
                "INSERT INTO inbox_messages (consumer, message_id, processed_at) VALUES (@consumer, @id, @now) "
                    + "ON CONFLICT DO NOTHING",
                connection,
                tx
            )
        )
        {
            cmd.Parameters.AddWithValue("consumer", consumer);
            cmd.Parameters.AddWithValue("id", messageId);
            cmd.Parameters.AddWithValue("now", time.GetUtcNow());
            if (await cmd.ExecuteNonQueryAsync(ct) == 0) return false;
        }
        await effect(connection, tx, ct);
        await tx.CommitAsync(ct);
        return true;
    }

    /// <summary>The same for a MassTransit message, keyed by its <c>MessageId</c>, cancelled with the
    /// consume.</summary>
    public Task<bool> ProcessOnceAsync<T>(ConsumeContext<T> context, string consumer, Effect effect)
        where T : class =>
        ProcessOnceAsync(
            consumer,
            context.MessageId
                ?? throw new InvalidOperationException(
                    $"A {typeof(T).Name} arrived without a message id; the inbox cannot deduplicate it."
                ),
            effect,
            context.CancellationToken
        );

    /// <summary>Forgets processed ids older than <paramref name="olderThan"/> (redeliveries come within minutes, not
    /// days).</summary>
    public async Task<int> CleanupAsync(TimeSpan olderThan, CancellationToken ct)
    {
        await using var cmd = dataSource.CreateCommand("DELETE FROM inbox_messages WHERE processed_at < @cutoff");
        cmd.Parameters.AddWithValue("cutoff", time.GetUtcNow() - olderThan);
        return await cmd.ExecuteNonQueryAsync(ct);
    }
}
