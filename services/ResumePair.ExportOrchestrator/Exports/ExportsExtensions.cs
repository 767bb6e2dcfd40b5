using MassTransit;
using ResumePair.Documents.Client;
using ResumePair.ExportOrchestrator.Jobs;
using ResumePair.ExportOrchestrator.Jobs.Engine;
using ResumePair.Web.RateLimiting;

namespace ResumePair.ExportOrchestrator.Exports;

internal static class ExportsExtensions
{
    /// <summary>PDF exports (rendered by the pdf-renderer replicas), JSON and DOCX exports (in-process), their
    /// files.</summary>
    public static IHostApplicationBuilder AddExports(this IHostApplicationBuilder builder)
    {
        builder.AddUserRateLimits((ExportOptions.RequestRatePolicy, 5, TimeSpan.FromMinutes(1)));
        builder.Services.AddDocumentsClient();
        builder.Services.AddSingleton<SigningKeyStore>();
        builder.Services.AddSingleton<FileTokens>();
        builder.Services.AddSingleton<RenderDispatcher>();
        builder.Services.AddSingleton<IRemoteJobs>(sp => sp.GetRequiredService<RenderDispatcher>());
        builder.Services.AddSingleton<IJobHandler, ExportJsonHandler>();
        builder.Services.AddSingleton<IJobHandler, Docx.ExportDocxHandler>();
        return builder;
    }

    /// <summary>The renderers' reports: progress (the heartbeat), the uploaded PDF, a failure.</summary>
    public static void AddExportConsumers(this IBusRegistrationConfigurator x)
    {
        x.AddConsumer<RenderProgressedConsumer, ResultConsumerDefinition<RenderProgressedConsumer>>();
        x.AddConsumer<PdfRenderedConsumer, ResultConsumerDefinition<PdfRenderedConsumer>>();
        x.AddConsumer<PdfRenderFailedConsumer, ResultConsumerDefinition<PdfRenderFailedConsumer>>();
    }
}
