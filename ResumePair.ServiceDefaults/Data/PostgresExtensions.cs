using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Npgsql;

namespace ResumePair.ServiceDefaults.Data;

public static class PostgresExtensions
{
    /// <summary>
    /// Registers the service's own database as an <see cref="NpgsqlDataSource"/> from
    /// <c>ConnectionStrings:{name}</c> (Aspire's convention) and a readiness check for it.
    /// <paramref name="tune"/> may set what the service's own code allows (pool reset, prepared statements).
    /// </summary>
    public static IHostApplicationBuilder AddNpgsqlDataSource(this IHostApplicationBuilder builder, string connectionName,
        Action<NpgsqlConnectionStringBuilder>? tune = null)
    {
        var connectionString = builder.Configuration.GetConnectionString(connectionName)
            ?? throw new InvalidOperationException($"ConnectionStrings:{connectionName} is not configured.");
        var csb = new NpgsqlConnectionStringBuilder(connectionString)
        {
            ApplicationName = builder.Configuration["OTEL_SERVICE_NAME"] ?? builder.Environment.ApplicationName,
        };
        tune?.Invoke(csb);
        builder.Services.AddSingleton(_ => new NpgsqlDataSourceBuilder(csb.ConnectionString).Build());
        builder.Services.AddHealthChecks().AddCheck<PostgresHealthCheck>($"postgres:{connectionName}", timeout: TimeSpan.FromSeconds(3));
        return builder;
    }
}

public sealed class PostgresHealthCheck(NpgsqlDataSource dataSource) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await using var cmd = dataSource.CreateCommand("SELECT 1");
            await cmd.ExecuteScalarAsync(cancellationToken);
            return HealthCheckResult.Healthy();
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException or OperationCanceledException)
        {
            return HealthCheckResult.Unhealthy("PostgreSQL unreachable", e);
        }
    }
}
