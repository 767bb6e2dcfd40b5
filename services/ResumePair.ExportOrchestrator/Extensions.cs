using MassTransit;
using ResumePair.ExportOrchestrator.Apis;
using ResumePair.ExportOrchestrator.Exports;
using ResumePair.ExportOrchestrator.Imports;
using ResumePair.ExportOrchestrator.Jobs;
using ResumePair.Messaging;
using ResumePair.Messaging.Inbox;
using ResumePair.Messaging.Outbox;
using ResumePair.ServiceDefaults.Auth;
using ResumePair.ServiceDefaults.Localization;
using ResumePair.ExportOrchestrator.Localization;
using ResumePair.Web.Idempotency;
using ResumePair.Web.Internal;

namespace ResumePair.ExportOrchestrator;

internal static class Extensions
{
    /// <summary>What every feature shares (database, auth, bus, outbox), then each feature registers itself.</summary>
    public static IHostApplicationBuilder AddApplicationServices(this IHostApplicationBuilder builder)
    {
        // Before any query: Dapper caches its row readers, so the snake_case mapping must be on from the first one.
        Dapper.DefaultTypeMap.MatchNamesWithUnderscores = true;
        builder.Services.AddInternalAuth();
        builder.AddNpgsqlDataSource("exportsdb", configureDataSourceBuilder: dataSource =>
        {
            var csb = dataSource.ConnectionStringBuilder;
            // The job engine runs a handful of statements thousands of times a second (enqueue, claims, completions):
            // prepared once per connection, they are parsed and planned once instead of per call.
            csb.MaxAutoPrepare = 64;
            // A pooled connection is not reset (DISCARD ALL ran 1.3–2.7 times per job on the one-job-per-transaction
            // paths): nothing here leaves session state behind — settings are SET LOCAL, advisory locks are
            // transaction-scoped or unlocked in finally, no temporary tables. The LISTEN connections live as long as
            // their loops; one returned to the pool still listening (after a non-fatal error) would only receive
            // notifications that nobody handles.
            csb.NoResetOnClose = true;
        });
        builder.AddDefaultJwtValidation();
        builder.Services.AddAuthorizationBuilder()
            .AddPolicy(JobsAdminApi.AdminPolicy, p => p.RequireAuthenticatedUser().RequireClaim("role", "admin"));
        builder.AddIdempotency();
        // Problems, job stages and failures in the request's language.
        builder.Services.AddServerTexts<ExportTexts>();
        builder.Services.AddOptions<ExportOptions>().BindConfiguration(ExportOptions.Section).ValidateDataAnnotations()
            .ValidateOnStart();

        // The bus carries only what leaves this process: render requests and cancels out, renderers' results and
        // progress back, dead-letter alerts. In-process jobs are claimed from the jobs table itself (Jobs/Engine).
        builder.AddMessaging(x =>
        {
            x.AddExportConsumers();
            x.AddJobConsumers();
            x.AddConsumer<AccountDeletedConsumer>(); // a deleted user's jobs and files go too
        });
        builder.AddOutbox();
        builder.Services.AddSingleton<Inbox>();

        builder.AddJobs();
        builder.AddExports();
        builder.AddImports();
        return builder;
    }
}
