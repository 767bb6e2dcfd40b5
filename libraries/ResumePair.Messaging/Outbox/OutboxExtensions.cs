using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using ResumePair.Contracts.Exports;

namespace ResumePair.Messaging.Outbox;

public static class OutboxExtensions
{
    /// <summary>
    /// The transactional outbox over the service's <see cref="NpgsqlDataSource"/> and MassTransit bus: an
    /// <see cref="OutboxWriter"/> for handlers and the <see cref="OutboxRelay"/> in the background. Message types
    /// from the Contracts assembly are allowed; <paramref name="configureTypes"/> may add more. The service links
    /// <c>outbox_v1.sql</c> into its migrations.
    /// </summary>
    public static IHostApplicationBuilder AddOutbox(
        this IHostApplicationBuilder builder,
        Action<OutboxMessageTypes>? configureTypes = null
    )
    {
        var types = new OutboxMessageTypes().AddAssembly(typeof(RenderPdfRequested).Assembly);
        configureTypes?.Invoke(types);
        builder.Services.AddSingleton(types);
        builder.Services.Configure<OutboxOptions>(builder.Configuration.GetSection(OutboxOptions.Section));
        builder.Services.AddSingleton<OutboxWriter>();
        builder.Services.AddSingleton(sp => new OutboxRelay(
            sp.GetRequiredService<NpgsqlDataSource>(),
            sp.GetRequiredService<IBus>(),
            types,
            sp.GetRequiredService<IOptions<OutboxOptions>>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<OutboxRelay>>()));
        // A singleton too, so that tests and benches can reach the running relay.
        builder.Services.AddHostedService(sp => sp.GetRequiredService<OutboxRelay>());
        return builder;
    }
}
