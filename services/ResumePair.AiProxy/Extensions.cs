using ResumePair.Web.Idempotency;
using ResumePair.AiProxy.Caching;
using ResumePair.Documents.Client;
using ResumePair.AiProxy.Features;
using ResumePair.AiProxy.Limits;
using ResumePair.AiProxy.Providers;
using ResumePair.AiProxy.Usage;
using ResumePair.AiProxy.Accounts;
using ResumePair.Messaging;
using ResumePair.ServiceDefaults.Auth;
using ResumePair.ServiceDefaults.Http;
using ResumePair.ServiceDefaults.Localization;
using ResumePair.AiProxy.Localization;
using ResumePair.Web.RateLimiting;
using ResumePair.Web.Internal;

namespace ResumePair.AiProxy;

public static class Extensions
{
    public static IHostApplicationBuilder AddApplicationServices(this IHostApplicationBuilder builder)
    {
        builder.AddNpgsqlDataSource("aidb");
        // Signed service-to-service calls: this service's /internal routes and its clients of other services'.
        builder.Services.AddInternalAuth();
        builder.AddDefaultJwtValidation();
        builder.Services.AddOptions<AiOptions>().BindConfiguration(AiOptions.Section);
        var ai = builder.Configuration.GetSection(AiOptions.Section).Get<AiOptions>() ?? new AiOptions();

        // Per-user limits (RateLimits:Policies:{name} overrides), and the daily quota: one policy per plan.
        // Idempotency-Key on the AI routes: a retried call answers from the stored response and spends no quota twice.
        builder.AddIdempotency();
        // Problems in the request's language (also the last event of a stream that failed midway).
        builder.Services.AddServerTexts<AiTexts>();
        builder.AddUserRateLimits(
        [
            ("ai-generate", 3, TimeSpan.FromMinutes(1)),
            ("ai-extract", 1, TimeSpan.FromSeconds(30)),
            ("ai-enhance", 10, TimeSpan.FromMinutes(1)),
            ("ai-tailor", 5, TimeSpan.FromMinutes(1)),
            ("ai-cover-letter", 3, TimeSpan.FromMinutes(1)),
            (DailyQuota.DefaultPolicy, ai.DailyLimit, TimeSpan.FromDays(1)),
            .. ai.Plans.Select(p => (DailyQuota.PlanPolicy(p.Key), p.Value, TimeSpan.FromDays(1))),
        ]);
        builder.Services.AddSingleton<DailyQuota>();
        builder.Services.AddSingleton<ProviderBudget>();
        builder.Services.AddSingleton<ResponseCache>();
        builder.Services.AddHostedService<CachePurger>();
        builder.Services.AddSingleton<UsageLedger>();
        builder.Services.AddSingleton<AiRunner>();

        builder.Services.AddDocumentsClient();

        // The bus brings one message: an account deleted in documents, whose rows here go too.
        builder.AddMessaging(x =>
            x.AddConsumer<AccountDeletedConsumer>().Endpoint(e => e.Name = AccountDeletedConsumer.Queue)
        );

        // One provider per environment; the offline rules are the default so the product works with no vendor keys.
        builder.Services.AddSingleton<OfflineWritingAssistant>();
        builder.Services.AddSingleton<ProviderCalls>();
        // Vendor calls are timed out and retried by the vendor pipeline; the client itself must not cut a long stream.
        switch (ai.Provider.ToLowerInvariant())
        {
            case "openai":
                builder.Services
                    .AddHttpClient<IAiProvider, OpenAiProvider>(http => http.Timeout = Timeout.InfiniteTimeSpan)
                    .AddVendorResilience();
                break;
            case "gemini":
                builder.Services
                    .AddHttpClient<IAiProvider, GeminiProvider>(http => http.Timeout = Timeout.InfiniteTimeSpan)
                    .AddVendorResilience();
                break;
            case "offline":
                builder.Services.AddSingleton<IAiProvider, OfflineProvider>();
                break;
            default:
                throw new InvalidOperationException(
                    $"Ai:Provider must be offline, openai or gemini (was '{ai.Provider}')."
                );
        }
        return builder;
    }
}
