using MassTransit;
using ResumePair.ExportOrchestrator.Jobs.Engine;
using ResumePair.Messaging;

namespace ResumePair.ExportOrchestrator.Jobs;

internal static class JobsExtensions
{
    /// <summary>The job engine: the jobs table as the queue of in-process work, its scheduler, maintenance and
    /// events.</summary>
    public static IHostApplicationBuilder AddJobs(this IHostApplicationBuilder builder)
    {
        // Job events (SSE) of the engine's batches, and the workers' wake-up after an own-transaction enqueue, go out
        // after their commits, together at most every 20 ms: one send per batch was ~0.5 round trips per job.
        builder.AddPostCommitNotifier(TimeSpan.FromMilliseconds(20));
        builder.Services.AddSingleton<JobEnqueuer>();
        // Disposed with the container, after the worker stopped: completions still queued flush first.
        builder.Services.AddSingleton<JobCompletionBatcher>();
        builder.Services.AddSingleton<JobRunner>();
        builder.Services.AddSingleton<JobWorker>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<JobWorker>());
        builder.Services.AddSingleton<JobHandlerRegistry>();
        builder.Services.AddSingleton<IJobHandler, NoopHandler>();

        builder.Services.AddSingleton<JobCommands>();
        builder.Services.AddOptions<DashboardOptions>().BindConfiguration(DashboardOptions.Section);
        builder.Services.AddSingleton<JobTraces>();
        builder.Services.AddSingleton<JobEventHub>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<JobEventHub>());
        builder.Services.AddSingleton<JobScheduler>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<JobScheduler>());
        builder.Services.AddSingleton<JobMaintenance>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<JobMaintenance>());
        builder.Services.AddHttpClient(JobDeadLetteredConsumer.WebhookClient);
        return builder;
    }

    public static void AddJobConsumers(this IBusRegistrationConfigurator x)
    {
        x.AddConsumer<JobDeadLetteredConsumer, ResultConsumerDefinition<JobDeadLetteredConsumer>>();
    }
}
