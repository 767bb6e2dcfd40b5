using Microsoft.Extensions.Options;
using Npgsql;

namespace ResumePair.Documents.Accounts;

/// <summary>
/// Rotates the signing key when it is due (every replica checks; the advisory lock in
/// <see cref="SigningKeyStore.RotateAsync"/> lets only one create the successor).
/// </summary>
public sealed class SigningKeyRotation(SigningKeyStore keys, TimeProvider clock, IOptions<AccountOptions> options,
    ILogger<SigningKeyRotation> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.SigningKeyCheckInterval, clock);
        do
        {
            try
            {
                if (await keys.RotateIfDueAsync(stoppingToken))
                    logger.LogInformation(
                        "Published a new signing key; it signs from {Start}",
                        clock.GetUtcNow() + options.Value.SigningKeyPublishAhead
                    );
            }
            catch (Exception e) when (e is NpgsqlException or TimeoutException)
            {
                logger.LogWarning(e, "Signing key rotation check failed; retrying later");
            }
        } while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
