using MassTransit;
using Microsoft.Extensions.Options;
using ResumePair.PdfRenderer.Localization;
using ResumePair.PdfRenderer.Messaging;
using ResumePair.PdfRenderer.Rendering;
using ResumePair.PdfRenderer.Templates;
using ResumePair.ServiceDefaults.Auth;
using ResumePair.ServiceDefaults.Http;
using ResumePair.ServiceDefaults.Localization;
using ResumePair.Messaging;
using ResumePair.Web.Internal;

namespace ResumePair.PdfRenderer;

public static class Extensions
{
    /// <summary>Everything the service needs: rendering, the export consumer, uploads and token validation.</summary>
    public static IHostApplicationBuilder AddApplicationServices(this IHostApplicationBuilder builder)
    {
        builder.Services.AddPdfRendering(builder.Configuration);
        builder.Services.AddRendererTelemetry();
        // Signed service-to-service calls: this service's /internal routes and its clients of other services'.
        builder.Services.AddInternalAuth();
        builder.Services.AddServerTexts<RendererTexts>();
        builder.Services.AddSingleton<WorkerIdentity>();
        builder.Services.AddSingleton<RenderCancellations>();
        // Chromium closes only after the renders in flight finish (ChromiumLifetime drains the pool): measured under
        // WebApplicationFactory, this service's StopAsync runs before MassTransit's bus has stopped, so registration
        // order alone does not protect a render in flight.
        builder.Services.AddHostedService<ChromiumLifetime>();
        builder.Services.AddHealthChecks().AddCheck<ChromiumHealthCheck>("chromium");

        // PUT to the job's upload URL; discovery (from ServiceDefaults) resolves http://export-orchestrator.
        builder.Services.AddHttpClient<PdfUploader>().AddServiceResilience(TimeSpan.FromSeconds(60));

        var instance = new WorkerIdentity(builder.Configuration).Id;
        builder.AddMessaging(x =>
        {
            x.AddConsumer<RenderPdfConsumer, RenderPdfConsumerDefinition>();
            // CancelRender is a fan-out: a queue per replica (auto-deleted when it stops), so every replica hears every
            // cancel. The random part keeps two processes with one instance id (a restart overlapping its predecessor)
            // from sharing a queue and splitting the cancels between them.
            x.AddConsumer<CancelRenderConsumer>().Endpoint(e =>
            {
                e.Name = $"render-cancellations-{QueueSafe(instance)}-{Guid.NewGuid():N}";
                e.Temporary = true;
            });
        });
        // Graceful shutdown: MassTransit stops taking messages and gives in-flight renders this long before their
        // CancellationToken fires (then they are not acknowledged and another replica gets them).
        builder
            .Services.AddOptions<MassTransitHostOptions>()
            .Configure<IOptions<RendererOptions>>(
                (o, renderer) => o.ConsumerStopTimeout = renderer.Value.ShutdownGrace
            );
        builder.Services.AddSingleton<TemplateThumbnails>();
        builder.AddDefaultJwtValidation();
        return builder;
    }

    private static string QueueSafe(string id) =>
        new(
            id.ToLowerInvariant()
                .Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '.' ? c : '-')
                .Take(120)
                .ToArray()
        );

    /// <summary>
    /// Templates, HTML rendering and the Chromium pool, without hosting concerns — tests and benchmarks
    /// build exactly this.
    /// </summary>
    public static IServiceCollection AddPdfRendering(this IServiceCollection services, IConfiguration configuration)
    {
        services
            .AddOptions<RendererOptions>()
            .Bind(configuration.GetSection(RendererOptions.Section))
            .Validate(
                o => o.PoolSize > 0 && o.RenderTimeout > TimeSpan.Zero && o.MaxPdfBytes > o.MinPdfBytes,
                "Invalid Renderer options."
            )
            .ValidateOnStart();
        services.AddSingleton<Templates.Fonts.FontLibrary>();
        services.AddSingleton<ITemplateCatalog>(new TemplateCatalog(TemplateCatalog.BuiltIn()));
        services.AddSingleton<DocumentHtmlRenderer>();
        services.AddSingleton<ChromiumBrowser>();
        services.AddSingleton<PagePrinter>();
        services.AddSingleton<PagePool>();
        services.AddSingleton<PdfPrinter>();
        services.AddSingleton<DocumentPdfRenderer>();
        services.AddLogging();
        services.AddSingleton(TimeProvider.System);
        return services;
    }
}
