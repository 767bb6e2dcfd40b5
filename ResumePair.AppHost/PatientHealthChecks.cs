using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace ResumePair.AppHost;

/// <summary>
/// Every resource's health check, made to wait for the resource's first healthy answer instead of failing at once.
/// Aspire re-checks an unhealthy resource after 1, 2, 3, 4, then every 5 s, so a server or service that became
/// healthy just after a failed check was noticed up to 5 s late, and every resource waiting for it started that
/// much later. Until its first healthy answer a check is repeated here every <see cref="Poll"/> (up to
/// <see cref="Patience"/>); after that it answers at once, so a resource that goes down is reported without delay.
/// </summary>
internal static class PatientHealthChecks
{
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    public static IDistributedApplicationBuilder AddPatientHealthChecks(this IDistributedApplicationBuilder builder)
    {
        builder.Services.PostConfigure<HealthCheckServiceOptions>(options =>
        {
            foreach (var registration in options.Registrations)
            {
                var factory = registration.Factory;
                var state = new FirstHealthy();
                registration.Factory = services => new PatientHealthCheck(factory(services), state,
                    services.GetService<TimeProvider>() ?? TimeProvider.System);
            }
        });
        return builder;
    }

    private sealed class FirstHealthy
    {
        public volatile bool Seen;
    }

    private sealed class PatientHealthCheck(IHealthCheck inner, FirstHealthy first, TimeProvider time) : IHealthCheck
    {
        public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context,
            CancellationToken cancellationToken = default)
        {
            var started = time.GetTimestamp();
            while (true)
            {
                var result = await inner.CheckHealthAsync(context, cancellationToken).ConfigureAwait(false);
                if (result.Status == HealthStatus.Healthy) first.Seen = true;
                if (first.Seen || result.Status == HealthStatus.Healthy || time.GetElapsedTime(started) >= Patience)
                    return result;
                await Task.Delay(Poll, time, cancellationToken).ConfigureAwait(false);
            }
        }
    }
}
