using ResumePair.AiProxy.Providers;
using ResumePair.ServiceDefaults.Auth;

namespace ResumePair.AiProxy;

public static class Extensions
{
    public static IHostApplicationBuilder AddAiProxy(this IHostApplicationBuilder builder)
    {
        builder.AddDefaultJwtValidation();
        // The offline provider is the default so the product works with no vendor keys.
        builder.Services.AddSingleton<IWritingAssistant, OfflineWritingAssistant>();
        return builder;
    }
}
