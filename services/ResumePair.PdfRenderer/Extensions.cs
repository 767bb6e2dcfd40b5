using MassTransit;
using Microsoft.Extensions.Options;
using ResumePair.PdfRenderer.Messaging;
using ResumePair.PdfRenderer.Rendering;
using ResumePair.PdfRenderer.Templates;
using ResumePair.ServiceDefaults.Auth;
using ResumePair.ServiceDefaults.Http;
using ResumePair.ServiceDefaults.Messaging;

namespace ResumePair.PdfRenderer;

public static class Extensions
{
    /// <summary>Everything the service needs: rendering, the export consumer, uploads and token validation.</summary>
    public static IHostApplicationBuilder AddPdfRendererServices(this IHostApplicationBuilder builder)
    {
        builder.Services.AddPdfRendering(builder.Configuration);
        builder.Services.AddSingleton<WorkerIdentity>();
        // Registered before the bus: hosted services stop in reverse order, so MassTransit drains in-flight
        // renders first and Chromium closes last.
        builder.Services.AddHostedService<ChromiumLifetime>();
        builder.Services.AddHealthChecks().AddCheck<ChromiumHealthCheck>("chromium");

        // PUT to the job's upload URL; discovery (from ServiceDefaults) resolves http://export-orchestrator.
        builder.Services.AddHttpClient<PdfUploader>().AddStandardResilience(TimeSpan.FromSeconds(60));

        builder.AddMessaging(x => x.AddConsumer<RenderPdfConsumer, RenderPdfConsumerDefinition>());
        // Graceful shutdown: MassTransit stops taking messages and gives in-flight renders this long before their
        // CancellationToken fires (then they are not acknowledged and another replica gets them).
        builder.Services.AddOptions<MassTransitHostOptions>().Configure<IOptions<RendererOptions>>((o, renderer) => o.ConsumerStopTimeout = renderer.Value.ShutdownGrace);
        builder.Services.AddSingleton<TemplateThumbnails>();
        builder.AddDefaultJwtValidation();
        return builder;
    }

    /// <summary>
    /// Templates, HTML rendering and the Chromium pool, without hosting concerns — tests and benchmarks
    /// build exactly this.
    /// </summary>
    public static IServiceCollection AddPdfRendering(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<RendererOptions>().Bind(configuration.GetSection(RendererOptions.Section))
            .Validate(o => o.PoolSize > 0 && o.RenderTimeout > TimeSpan.Zero && o.MaxPdfBytes > o.MinPdfBytes, "Invalid Renderer options.")
            .ValidateOnStart();
        services.AddSingleton<Templates.Fonts.FontLibrary>();
        services.AddSingleton<ITemplateCatalog>(new TemplateCatalog(TemplateCatalog.BuiltIn()));
        services.AddSingleton<DocumentHtmlRenderer>();
        services.AddSingleton<ChromiumBrowser>();
        services.AddSingleton<PagePool>();
        services.AddSingleton<PdfPrinter>();
        services.AddSingleton<DocumentPdfRenderer>();
        services.AddLogging();
        services.AddSingleton(TimeProvider.System);
        return services;
    }
}
