using ResumePair.ExportOrchestrator.Jobs.Engine;
using ResumePair.ServiceDefaults.Http;
using ResumePair.Web.Internal;

namespace ResumePair.ExportOrchestrator.Imports;

internal static class ImportsExtensions
{
    /// <summary>Resume import: the import_resume job type and the signed calls it makes.</summary>
    public static IHostApplicationBuilder AddImports(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<IJobHandler, ImportResumeHandler>();
        // The AI call may take the provider's whole budget (ai-proxy retries the vendor itself), so it is not
        // retried here: the job's next attempt is the retry.
        builder.Services.AddHttpClient<AiExtractClient>(http =>
            {
                http.BaseAddress = new Uri("http://ai-proxy");
                http.Timeout = TimeSpan.FromMinutes(2);
            })
            .AddServiceResilience(TimeSpan.FromMinutes(2), retryTransient: false).AddInternalSigning();
        builder.Services.AddHttpClient<ImportDocumentsClient>(http => http.BaseAddress = new Uri("http://documents"))
            .AddServiceResilience(TimeSpan.FromSeconds(30)).AddInternalSigning();
        return builder;
    }
}
