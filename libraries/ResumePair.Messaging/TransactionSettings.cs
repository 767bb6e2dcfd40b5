namespace ResumePair.Messaging;

/// <summary>
/// Settings for the current transaction, as expressions for a <c>SELECT</c> list (<c>set_config(name, value,
/// true)</c>). They also serve statements sent together without BEGIN/COMMIT: PostgreSQL runs everything up to the
/// batch's Sync as one implicit transaction and commits it there, so the transaction costs one round trip, and <c>SET
/// LOCAL</c> would only warn that it belongs in a transaction block.
/// </summary>
public static class TransactionSettings
{
    /// <summary>The commit does not wait for its WAL flush: for writes whose loss in a database crash is harmless (say
    /// why where used).</summary>
    public const string WithoutFsync = "set_config('synchronous_commit', 'off', true)";
}
