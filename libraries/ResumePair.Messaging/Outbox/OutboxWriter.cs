using System.Diagnostics;
using System.Text.Json;
using Npgsql;
using NpgsqlTypes;

namespace ResumePair.Messaging.Outbox;

/// <summary>
/// Records a message in the caller's transaction, so it is published if and only if the business change
/// commits. The current W3C trace context is stored with it: the relay publishes under it, so one trace runs
/// from the HTTP request through the broker to every consumer.
/// </summary>
public sealed class OutboxWriter(OutboxMessageTypes types, TimeProvider time)
{
    public const string Channel = "outbox";

    /// <returns>The message id the message will carry on the bus (consumers deduplicate on it).</returns>
    public async Task<Guid> EnqueueAsync(
        NpgsqlConnection connection,
        NpgsqlTransaction transaction,
        object message,
        CancellationToken ct
    )
    {
        var row = Prepare(message);
        await using var cmd = new NpgsqlCommand(
            """
            INSERT INTO outbox_messages (message_id, message_type, body, trace_parent, created_at)
            VALUES (@id, @type, @body, @trace, @now);
            SELECT pg_notify('outbox', '');
            """, connection, transaction);
        cmd.Parameters.AddWithValue("id", row.MessageId);
        cmd.Parameters.AddWithValue("type", row.MessageType);
        cmd.Parameters.Add(new NpgsqlParameter("body", NpgsqlDbType.Jsonb) { Value = row.Body });
        cmd.Parameters.AddWithValue("trace", (object?)row.TraceParent ?? DBNull.Value);
        cmd.Parameters.AddWithValue("now", row.CreatedAt);
        await cmd.ExecuteNonQueryAsync(ct);
        return row.MessageId;
    }

    /// <summary>
    /// The row <see cref="EnqueueAsync"/> would insert, for a caller that inserts it inside its own statement
    /// (a change, its message and the relay's <c>pg_notify('outbox', '')</c> in one round trip). The caller
    /// must insert it in the same transaction as the change, exactly as <see cref="EnqueueAsync"/> does.
    /// </summary>
    public OutboxRow Prepare(object message)
    {
        ArgumentNullException.ThrowIfNull(message);
        var type = message.GetType();
        if (!types.Contains(type))
            throw new InvalidOperationException($"{type} is not a registered outbox message type.");
        var now = time.GetUtcNow();
        var activity = Activity.Current;
        return new OutboxRow(
            Guid.CreateVersion7(now),
            OutboxMessageTypes.Name(type),
            JsonSerializer.Serialize(message, type, JsonSerializerOptions.Web),
            activity is { IdFormat: ActivityIdFormat.W3C } ? activity.Id : null,
            now);
    }

    /// <summary>
    /// Many messages in one statement (and one NOTIFY): what a bulk enqueue writes. Same guarantees as
    /// <see cref="EnqueueAsync"/>; the rows share the current trace context.
    /// </summary>
    /// <returns>The message ids, in the order of <paramref name="messages"/>.</returns>
    public async Task<Guid[]> EnqueueManyAsync(
        NpgsqlConnection connection,
        NpgsqlTransaction transaction,
        IReadOnlyList<object> messages,
        CancellationToken ct
    )
    {
        ArgumentNullException.ThrowIfNull(messages);
        if (messages.Count == 0) return [];
        var now = time.GetUtcNow();
        var ids = new Guid[messages.Count];
        var typeNames = new string[messages.Count];
        var bodies = new string[messages.Count];
        for (var i = 0; i < messages.Count; i++)
        {
            var type = messages[i]?.GetType() ?? throw new ArgumentException("A message is null.", nameof(messages));
            if (!types.Contains(type))
                throw new InvalidOperationException($"{type} is not a registered outbox message type.");
            ids[i] = Guid.CreateVersion7(now);
            typeNames[i] = OutboxMessageTypes.Name(type);
            bodies[i] = JsonSerializer.Serialize(messages[i], type, JsonSerializerOptions.Web);
        }
        var activity = Activity.Current;
        var traceParent = activity is { IdFormat: ActivityIdFormat.W3C } ? activity.Id : null;

        await using var cmd = new NpgsqlCommand(
            """
            INSERT INTO outbox_messages (message_id, message_type, body, trace_parent, created_at)
            SELECT m.id, m.type, m.body::jsonb, @trace, @now
            FROM unnest(@ids, @types, @bodies) WITH ORDINALITY AS m(id, type, body, n) ORDER BY m.n;
            SELECT pg_notify('outbox', '');
            """,
            connection,
            transaction
        );
        cmd.Parameters.AddWithValue("ids", ids);
        cmd.Parameters.AddWithValue("types", typeNames);
        cmd.Parameters.AddWithValue("bodies", bodies);
        cmd.Parameters.AddWithValue("trace", (object?)traceParent ?? DBNull.Value);
        cmd.Parameters.AddWithValue("now", now);
        await cmd.ExecuteNonQueryAsync(ct);
        return ids;
    }
}

/// <summary>One <c>outbox_messages</c> row: <see cref="Body"/> is JSON (jsonb), <see cref="TraceParent"/> the W3C
/// context or null.</summary>
public sealed record OutboxRow(
    Guid MessageId,
    string MessageType,
    string Body,
    string? TraceParent,
    DateTimeOffset CreatedAt
);
