using Microsoft.AspNetCore.Http;
using Npgsql;

namespace ResumePair.Web.Idempotency;

/// <summary>
/// Set on a request that holds an Idempotency-Key claim: the endpoint's writes should join this transaction
/// (and not commit it), so the change and the stored answer commit together or not at all.
/// </summary>
public sealed record IdempotencyTransaction(NpgsqlTransaction Transaction)
{
    /// <summary>The claim's transaction, or null when the request carries no key (write in your own).</summary>
    public static NpgsqlTransaction? Of(HttpContext http) => http.Features.Get<IdempotencyTransaction>()?.Transaction;
}
