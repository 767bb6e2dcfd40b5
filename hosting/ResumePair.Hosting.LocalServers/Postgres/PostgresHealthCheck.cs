using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;

namespace ResumePair.Hosting.LocalServers.Postgres;

/// <summary>Healthy when a session on <c>database</c> opens: the server takes clients and the database
/// exists.</summary>
internal sealed class PostgresHealthCheck(IResourceWithConnectionString resource, string database) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context,
        CancellationToken cancellationToken = default)
    {
        try
        {
            var connectionString = await PostgresCluster
                .AdminConnectionStringAsync(resource, database, cancellationToken).ConfigureAwait(false);
            await using var connection = new NpgsqlConnection(connectionString);
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            return HealthCheckResult.Healthy();
        }
        catch (Exception e) when (e is NpgsqlException or InvalidOperationException)
        {
            return HealthCheckResult.Unhealthy(e.Message, e);
        }
    }
}
