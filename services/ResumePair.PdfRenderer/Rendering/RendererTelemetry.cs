using System.Diagnostics;
using OpenTelemetry.Trace;
using ResumePair.ServiceDefaults.Telemetry;

namespace ResumePair.PdfRenderer.Rendering;

/// <summary>
/// The renderer's own spans: <c>pdf queue wait</c> (a render waiting for a free page) and <c>pdf print</c> (set content
/// + print on that page), each tagged with the export job's id; <see cref="AddRendererTelemetry"/> subscribes the
/// service's tracing to them.
/// </summary>
public static class RendererTelemetry
{
    public const string SourceName = "ResumePair.PdfRenderer";
    public const string JobIdTag = ResumePairTelemetry.JobIdAttribute;

    public static readonly ActivitySource Source = new(SourceName);

    public static IServiceCollection AddRendererTelemetry(this IServiceCollection services) =>
        services.ConfigureOpenTelemetryTracerProvider(tracing => tracing.AddSource(SourceName));

    internal static Activity? Start(string name, Guid? jobId)
    {
        var activity = Source.StartActivity(name);
        if (activity is not null && jobId is { } id) activity.SetTag(JobIdTag, id);
        return activity;
    }
}
