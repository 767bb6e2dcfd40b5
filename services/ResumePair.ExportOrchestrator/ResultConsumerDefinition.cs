using MassTransit;

namespace ResumePair.ExportOrchestrator;

/// <summary>
/// Shared endpoint settings for the consumers of results and alerts (every slice): a short in-process retry for
/// transient database errors (serialisation on the job row lock, a dropped connection) before MassTransit moves the
/// message to _error.
/// </summary>
public sealed class ResultConsumerDefinition<TConsumer> : ConsumerDefinition<TConsumer>
    where TConsumer : class, IConsumer
{
    public ResultConsumerDefinition() => ConcurrentMessageLimit = 16;

    protected override void ConfigureConsumer(
        IReceiveEndpointConfigurator endpointConfigurator,
        IConsumerConfigurator<TConsumer> consumerConfigurator,
        IRegistrationContext context
    )
    {
        endpointConfigurator.PrefetchCount = 32;
        endpointConfigurator.UseMessageRetry(r => r.Intervals(100, 500, 2000));
    }
}
