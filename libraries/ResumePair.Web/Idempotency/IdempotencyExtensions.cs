using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;
using ResumePair.ServiceDefaults.Localization;

namespace ResumePair.Web.Idempotency;

public static class IdempotencyExtensions
{
    /// <summary>
    /// The Idempotency-Key store, filter and hourly sweeper over the service's <see cref="NpgsqlDataSource"/>.
    /// The service links <c>idempotency_v1.sql</c> into its migrations and applies <see cref="WithIdempotency"/>
    /// to its POST routes.
    /// </summary>
    public static IHostApplicationBuilder AddIdempotency(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<IdempotencyOptions>().BindConfiguration(IdempotencyOptions.Section);
        builder.Services.AddSingleton<IdempotencyStore>();
        builder.Services.AddSingleton<IdempotencyFilter>();
        builder.Services.AddHostedService<IdempotencySweeper>();
        builder.Services.AddServerTexts<WebTexts>();
        return builder;
    }

    /// <summary>
    /// For routes that bind their JSON body as a parameter (binding runs before endpoint filters): requests that carry
    /// an <c>Idempotency-Key</c> get a rewindable body, so the filter hashes the same bytes the endpoint read.
    /// </summary>
    public static IApplicationBuilder UseIdempotencyKeyBuffering(this IApplicationBuilder app) =>
        app.Use((context, next) =>
        {
            if (context.Request.Headers.ContainsKey(IdempotencyFilter.Header)) context.Request.EnableBuffering();
            return next(context);
        });

    /// <summary>Honours <c>Idempotency-Key</c> on this route; its writes should use
    /// <see cref="IdempotencyTransaction.Of"/>.</summary>
    public static TBuilder WithIdempotency<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder =>
        builder
            .AddEndpointFilter<TBuilder, IdempotencyFilter>()
            .WithMetadata(ServiceDefaults.OpenApi.IdempotencyKeyMetadata.Instance);
}

/// <summary>Deletes expired keys every <see cref="IdempotencyOptions.CleanupInterval"/> (any replica; the delete is
/// idempotent).</summary>
internal sealed class IdempotencySweeper(
    IdempotencyStore store,
    TimeProvider clock,
    Microsoft.Extensions.Options.IOptions<IdempotencyOptions> options,
    ILogger<IdempotencySweeper> logger
) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.CleanupInterval, clock);
        do
        {
            try
            {
                if (await store.CleanupAsync(stoppingToken) is > 0 and var removed)
                    logger.LogInformation("Removed {Count} expired idempotency keys", removed);
            }
            catch (Exception e) when (e is NpgsqlException or TimeoutException)
            {
                logger.LogWarning(e, "Idempotency key cleanup failed; retrying later");
            }
        } while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
