using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using MassTransit.Logging;
using MassTransit.Monitoring;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace ResumePair.Messaging;

public static class MessagingExtensions
{
    /// <summary>
    /// MassTransit on RabbitMQ from <c>ConnectionStrings:messaging</c> (an amqp:// URI, Aspire's convention).
    /// Endpoint names are kebab-case from the consumer type, so every replica of a service shares its queues
    /// and they compete for messages.
    /// </summary>
    public static IHostApplicationBuilder AddMessaging(this IHostApplicationBuilder builder,
        Action<IBusRegistrationConfigurator>? configureConsumers = null,
        Action<IBusRegistrationContext, IRabbitMqBusFactoryConfigurator>? configureBus = null)
    {
        // Start-up waits until the bus is connected and its queues are bound: a message published right after
        // start would otherwise go to an exchange with no queue yet and be lost. The bus's start timeout counts from
        // when the broker takes connections (BrokerStartWait waits for that, however long it takes).
        var startTimeout = TimeSpan.FromSeconds(60);
        // Read when the host starts (the hosted service, the bus), not at registration: `--migrate` builds the same
        // services but starts neither, so a migration container needs no broker address.
        Uri Broker() => new(builder.Configuration.GetConnectionString("messaging")
            ?? throw new InvalidOperationException("ConnectionStrings:messaging is not configured."));
        builder.Services.AddHostedService(sp => new BrokerStartWait(Broker(),
            sp.GetService<TimeProvider>() ?? TimeProvider.System, sp.GetRequiredService<ILogger<BrokerStartWait>>()));
        builder.Services.Configure<MassTransitHostOptions>(o =>
        {
            o.WaitUntilStarted = true;
            o.StartTimeout = startTimeout;
            o.StopTimeout = TimeSpan.FromSeconds(30);
        });
        // MassTransit has no instrumentation package: its spans and meter are subscribed by name.
        builder.Services.AddOpenTelemetry()
            .WithTracing(tracing => tracing.AddSource(DiagnosticHeaders.DefaultListenerName))
            .WithMetrics(metrics => metrics.AddMeter(InstrumentationOptions.MeterName));
        builder.Services.AddMassTransit(x =>
        {
            x.SetKebabCaseEndpointNameFormatter();
            configureConsumers?.Invoke(x);
            x.UsingRabbitMq((context, cfg) =>
            {
                var uri = Broker();
                var userInfo = Uri.UnescapeDataString(uri.UserInfo).Split(':', 2);
                var vhost = uri.AbsolutePath.Trim('/');
                cfg.Host(uri.Host, (ushort)(uri.IsDefaultPort ? 5672 : uri.Port), vhost.Length == 0 ? "/" : vhost, h =>
                {
                    if (userInfo[0].Length > 0) h.Username(userInfo[0]);
                    if (userInfo.Length > 1) h.Password(userInfo[1]);
                    h.PublisherConfirmation = true;
                });
                configureBus?.Invoke(context, cfg);
                cfg.ConfigureEndpoints(context);
            });
        });
        return builder;
    }
}
