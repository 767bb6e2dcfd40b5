using MassTransit;
using Microsoft.Extensions.Options;

namespace ResumePair.ExportOrchestrator.Jobs.Engine;

/// <summary>
/// In-process jobs: a deep prefetch and many concurrent consumes (handlers mostly wait on I/O, and claims and
/// completions are grouped into batches, which only form when many consumes run at once); no message retry beyond
/// database blips, because a failed attempt is the engine's business (backoff, dead letter), not the transport's.
/// </summary>
public sealed class RunJobConsumerDefinition : ConsumerDefinition<RunJobConsumer>
{
    private readonly ExportOptions _options;

    public RunJobConsumerDefinition(IOptions<ExportOptions> options)
    {
        _options = options.Value;
        ConcurrentMessageLimit = _options.WorkerConcurrency;
    }

    protected override void ConfigureConsumer(IReceiveEndpointConfigurator endpointConfigurator, IConsumerConfigurator<RunJobConsumer> consumerConfigurator,
        IRegistrationContext context)
    {
        endpointConfigurator.PrefetchCount = _options.WorkerPrefetch;
        endpointConfigurator.UseMessageRetry(r => r.Intervals(100, 500, 2000)); // database blips around claim/complete only
    }
}
