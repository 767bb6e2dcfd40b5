using MassTransit;

namespace ResumePair.ExportOrchestrator.Consumers;

/// <summary>
/// In-process jobs: a deep prefetch and many concurrent consumes (handlers mostly wait on I/O); no message retry,
/// because a failed attempt is the engine's business (backoff, dead letter), not the transport's.
/// </summary>
public sealed class RunJobConsumerDefinition : ConsumerDefinition<RunJobConsumer>
{
    public RunJobConsumerDefinition() => ConcurrentMessageLimit = 64;

    protected override void ConfigureConsumer(IReceiveEndpointConfigurator endpointConfigurator, IConsumerConfigurator<RunJobConsumer> consumerConfigurator,
        IRegistrationContext context)
    {
        endpointConfigurator.PrefetchCount = 256;
        endpointConfigurator.UseMessageRetry(r => r.Intervals(100, 500, 2000)); // database blips around claim/complete only
    }
}
