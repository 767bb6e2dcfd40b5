using System.Diagnostics;
using System.Text.Json;
using Npgsql;
using NpgsqlTypes;

namespace ResumePair.ServiceDefaults.Messaging.Outbox;

/// <summary>
/// Records a message in the caller's transaction, so it is published if and only if the business change
/// commits. The current W3C trace context is stored with it: the relay publishes under it, so one trace runs
/// from the HTTP request through the broker to every consumer.
/// </summary>
public sealed class OutboxWriter(OutboxMessageTypes types, TimeProvider time)
{
    public const string Channel = "outbox";

    /// <returns>The message id the message will carry on the bus (consumers deduplicate on it).</returns>
    public async Task<Guid> EnqueueAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, object message, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(message);
        var type = message.GetType();
        if (!types.Contains(type))
            throw new InvalidOperationException($"{type} is not a registered outbox message type.");

        var messageId = Guid.CreateVersion7(time.GetUtcNow());
        var activity = Activity.Current;
        var traceParent = activity is { IdFormat: ActivityIdFormat.W3C } ? activity.Id : null;

        await using var cmd = new NpgsqlCommand(
            """
            INSERT INTO outbox_messages (message_id, message_type, body, trace_parent, created_at)
            VALUES (@id, @type, @body, @trace, @now);
            SELECT pg_notify('outbox', '');
            """, connection, transaction);
        cmd.Parameters.AddWithValue("id", messageId);
        cmd.Parameters.AddWithValue("type", OutboxMessageTypes.Name(type));
        cmd.Parameters.Add(new NpgsqlParameter("body", NpgsqlDbType.Jsonb) { Value = JsonSerializer.Serialize(message, type, JsonSerializerOptions.Web) });
        cmd.Parameters.AddWithValue("trace", (object?)traceParent ?? DBNull.Value);
        cmd.Parameters.AddWithValue("now", time.GetUtcNow());
        await cmd.ExecuteNonQueryAsync(ct);
        return messageId;
    }
}
