using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace ResumePair.Web.RateLimiting;

/// <summary>Deletes counters of windows that ended more than a day ago (the longest window we use is a day).</summary>
public sealed class RateLimitPurger(NpgsqlDataSource dataSource, TimeProvider clock, ILogger<RateLimitPurger> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromHours(1), clock);
        do
        {
            try
            {
                await using var cmd = dataSource.CreateCommand(
                    "DELETE FROM rate_limit_windows WHERE window_start < @cutoff"
                );
                cmd.Parameters.AddWithValue("cutoff", clock.GetUtcNow().AddDays(-2));
                var purged = await cmd.ExecuteNonQueryAsync(stoppingToken);
                if (purged > 0) logger.LogInformation("Purged {Count} expired rate-limit windows", purged);
            }
            catch (NpgsqlException e)
            {
                logger.LogWarning(e, "Rate-limit purge failed; retrying next hour");
            }
        } while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
