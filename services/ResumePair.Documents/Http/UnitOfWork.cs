using Npgsql;

namespace ResumePair.Documents.Http;

/// <summary>
/// A transaction a store method writes in: its own, or one the request already holds (an Idempotency-Key
/// claim), in which case committing is left to the holder so the write and the stored answer commit together.
/// </summary>
public sealed class UnitOfWork : IAsyncDisposable
{
    private readonly bool _owned;

    private UnitOfWork(NpgsqlConnection connection, NpgsqlTransaction transaction, bool owned) =>
        (Connection, Transaction, _owned) = (connection, transaction, owned);

    public NpgsqlConnection Connection { get; }

    public NpgsqlTransaction Transaction { get; }

    public static async Task<UnitOfWork> BeginAsync(
        NpgsqlDataSource db,
        NpgsqlTransaction? within,
        CancellationToken ct
    )
    {
        if (within is not null) return new UnitOfWork(within.Connection!, within, owned: false);
        var connection = await db.OpenConnectionAsync(ct);
        try
        {
            return new UnitOfWork(connection, await connection.BeginTransactionAsync(ct), owned: true);
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    public Task CommitAsync(CancellationToken ct) => _owned ? Transaction.CommitAsync(ct) : Task.CompletedTask;

    public async ValueTask DisposeAsync()
    {
        if (!_owned) return;
        await Transaction.DisposeAsync();
        await Connection.DisposeAsync();
    }
}
