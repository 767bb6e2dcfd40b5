using MassTransit;

namespace ResumePair.ExportOrchestrator.Jobs.Engine;

/// <summary>
/// Batches of in-process jobs: a few at once (each already carries up to a relay batch of jobs; <see cref="Jobs.Engine.JobRunner"/>
/// bounds how many run), a short retry for database blips (finished items are skipped on the retry).
/// </summary>
public sealed class RunJobsConsumerDefinition : ConsumerDefinition<RunJobsConsumer>
{
    public RunJobsConsumerDefinition() => ConcurrentMessageLimit = 16;

    protected override void ConfigureConsumer(IReceiveEndpointConfigurator endpointConfigurator, IConsumerConfigurator<RunJobsConsumer> consumerConfigurator,
        IRegistrationContext context)
    {
        endpointConfigurator.PrefetchCount = 32;
        endpointConfigurator.UseMessageRetry(r => r.Intervals(100, 500, 2000));
    }
}
