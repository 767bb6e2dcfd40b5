using Npgsql;
using ResumePair.Web.Idempotency;

namespace ResumePair.ExportOrchestrator.Apis;

/// <summary>
/// Where a POST writes: inside the Idempotency-Key claim's transaction when the request carries a key (the filter
/// commits it together with the stored answer; the endpoint must not), else in a transaction of its own.
/// </summary>
public sealed class WriteScope : IAsyncDisposable
{
    private readonly bool _owned;

    private WriteScope(NpgsqlConnection connection, NpgsqlTransaction transaction, bool owned)
    {
        Connection = connection;
        Transaction = transaction;
        _owned = owned;
    }

    public NpgsqlConnection Connection { get; }
    public NpgsqlTransaction Transaction { get; }

    public static async Task<WriteScope> OpenAsync(HttpContext http, NpgsqlDataSource db, CancellationToken ct)
    {
        if (IdempotencyTransaction.Of(http) is { } claimed)
            return new WriteScope(claimed.Connection!, claimed, owned: false);
        var connection = await db.OpenConnectionAsync(ct);
        return new WriteScope(connection, await connection.BeginTransactionAsync(ct), owned: true);
    }

    /// <summary>Commits a transaction of its own; the claim's is committed by the filter once the answer is
    /// stored.</summary>
    public Task CommitAsync(CancellationToken ct) => _owned ? Transaction.CommitAsync(ct) : Task.CompletedTask;

    public async ValueTask DisposeAsync()
    {
        if (!_owned) return;
        await Transaction.DisposeAsync();
        await Connection.DisposeAsync();
    }
}
