using MassTransit;
using ResumePair.ExportOrchestrator.Apis;
using ResumePair.ExportOrchestrator.Consumers;
using ResumePair.Documents.Client;
using ResumePair.ExportOrchestrator.Files;
using ResumePair.ExportOrchestrator.Jobs;
using ResumePair.ExportOrchestrator.Jobs.Engine;
using ResumePair.ExportOrchestrator.Jobs.Handlers;
using ResumePair.ExportOrchestrator.Jobs.Handlers.Import;
using ResumePair.Web.Internal;
using ResumePair.ServiceDefaults.Auth;
using ResumePair.ServiceDefaults.Http;
using ResumePair.Web.Idempotency;
using ResumePair.Messaging;
using ResumePair.Messaging.Inbox;
using ResumePair.Messaging.Outbox;
using ResumePair.Web.RateLimiting;

namespace ResumePair.ExportOrchestrator;

internal static class Extensions
{
    public static IHostApplicationBuilder AddApplicationServices(this IHostApplicationBuilder builder)
    {
        // Before any query: Dapper caches its row readers, so the snake_case mapping must be on from the first one.
        Dapper.DefaultTypeMap.MatchNamesWithUnderscores = true;
        builder.Services.AddInternalAuth();
        builder.AddNpgsqlDataSource("exportsdb", configureDataSourceBuilder: dataSource =>
        {
            var csb = dataSource.ConnectionStringBuilder;
            // The job engine runs a handful of statements thousands of times a second (enqueue, relay claim, claims,
            // completions): prepared once per connection, they are parsed and planned once instead of per call.
            csb.MaxAutoPrepare = 64;
            // A pooled connection is not reset (DISCARD ALL ran 1.3–2.7 times per job on the one-job-per-transaction
            // paths): nothing here leaves session state behind — settings are SET LOCAL, advisory locks are
            // transaction-scoped or unlocked in finally, no temporary tables. The two LISTEN connections live as long
            // as their loops; one returned to the pool still listening (after a non-fatal error) would only receive
            // notifications that nobody handles.
            csb.NoResetOnClose = true;
        });
        builder.AddDefaultJwtValidation();
        builder.Services.AddAuthorizationBuilder().AddPolicy(JobsAdminApi.AdminPolicy, p => p.RequireAuthenticatedUser().RequireClaim("role", "admin"));
        builder.AddIdempotency();
        builder.AddUserRateLimits((ExportOptions.RequestRatePolicy, 5, TimeSpan.FromMinutes(1)));
        builder.Services.AddOptions<ExportOptions>().BindConfiguration(ExportOptions.Section).ValidateDataAnnotations().ValidateOnStart();

        builder.AddMessaging(x =>
        {
            x.AddConsumer<RenderProgressedConsumer, ResultConsumerDefinition<RenderProgressedConsumer>>();
            x.AddConsumer<PdfRenderedConsumer, ResultConsumerDefinition<PdfRenderedConsumer>>();
            x.AddConsumer<PdfRenderFailedConsumer, ResultConsumerDefinition<PdfRenderFailedConsumer>>();
            x.AddConsumer<RunJobConsumer, RunJobConsumerDefinition>();
            x.AddConsumer<RunJobsConsumer, RunJobsConsumerDefinition>();
            x.AddConsumer<JobDeadLetteredConsumer, ResultConsumerDefinition<JobDeadLetteredConsumer>>();
            x.AddConsumer<AccountDeletedConsumer>(); // the account stream: a deleted user's jobs and files go too
        });
        // RunJobRequested rows claimed together travel as one RunJobsRequested: the broker and the consumer pay per message, not per job.
        builder.AddOutbox(types => types.Batch<RunJobRequested, RunJobsRequested>(RunJobsRequested.Wrap));
        builder.Services.AddSingleton<Inbox>();
        // Job events (SSE) of the engine's batches, and the relay's wake-up when none runs here, go out after their
        // commits, together at most every 20 ms: one send per claim or completion batch was ~0.5 round trips per job.
        builder.AddPostCommitNotifier(TimeSpan.FromMilliseconds(20));
        builder.Services.AddSingleton<JobEnqueuer>();
        // Disposed with the container, after MassTransit has stopped its consumers: completions still queued flush first.
        builder.Services.AddSingleton<JobClaimBatcher>();
        builder.Services.AddSingleton<JobCompletionBatcher>();
        builder.Services.AddSingleton<JobRunner>();

        builder.Services.AddDocumentsClient();

        builder.Services.AddSingleton<SigningKeyStore>();
        builder.Services.AddSingleton<FileTokens>();
        builder.Services.AddSingleton<JobDispatcher>();
        builder.Services.AddSingleton<JobCommands>();
        builder.Services.AddSingleton<JobStats>();
        builder.Services.AddOptions<DashboardOptions>().BindConfiguration(DashboardOptions.Section);
        builder.Services.AddSingleton<JobTraces>();
        builder.Services.AddSingleton<JobEventHub>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<JobEventHub>());
        builder.Services.AddSingleton<JobScheduler>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<JobScheduler>());
        builder.Services.AddSingleton<JobMaintenance>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<JobMaintenance>());

        // Job types run in-process; export_pdf is run by the renderers.
        builder.Services.AddSingleton<IJobHandler, ExportJsonHandler>();
        builder.Services.AddSingleton<IJobHandler, NoopHandler>();
        builder.Services.AddSingleton<IJobHandler, ImportResumeHandler>();
        // import_resume's calls are signed (internal routes). The AI call may take the provider's whole budget
        // (ai-proxy retries the vendor itself), so it is not retried here: the job's next attempt is the retry.
        builder.Services.AddHttpClient<AiExtractClient>(http => { http.BaseAddress = new Uri("http://ai-proxy"); http.Timeout = TimeSpan.FromMinutes(2); })
            .AddServiceResilience(TimeSpan.FromMinutes(2), retryTransient: false).AddInternalSigning();
        builder.Services.AddHttpClient<ImportDocumentsClient>(http => http.BaseAddress = new Uri("http://documents"))
            .AddServiceResilience(TimeSpan.FromSeconds(30)).AddInternalSigning();
        builder.Services.AddSingleton<JobHandlerRegistry>();
        builder.Services.AddHttpClient(JobDeadLetteredConsumer.WebhookClient);
        return builder;
    }
}
