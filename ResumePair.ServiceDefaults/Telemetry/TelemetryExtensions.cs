using System.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace ResumePair.ServiceDefaults.Telemetry;

/// <summary>
/// Traces, metrics and logs through OpenTelemetry's hosting integration, as Aspire's service defaults do; exported
/// over OTLP when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set (the AppHost sets it to the dashboard).
/// </summary>
public static class TelemetryExtensions
{
    public static IHostApplicationBuilder ConfigureTelemetry(this IHostApplicationBuilder builder)
    {
        var serviceName = builder.Configuration["OTEL_SERVICE_NAME"] ?? builder.Environment.ApplicationName;

        // Probes every 2 s from each gateway replica would drown the requests that matter.
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning)
                       .AddFilter("Yarp", LogLevel.Warning)
                       .AddFilter("System.Net.Http.HttpClient", LogLevel.Warning)
                       // Polly logs every attempt of every service call (the gateway's session checks: a third of its
                       // log lines); retries, breaks and timeouts are Warnings and still logged.
                       .AddFilter("Polly", LogLevel.Warning)
                       // Npgsql logs every command it runs at Information: thousands a second under the job engine.
                       .AddFilter("Npgsql", LogLevel.Warning)
                       .AddFilter("Microsoft.Hosting.Lifetime", LogLevel.Information);
        // One console line per entry with the trace id in its scope, so a request can be followed across processes.
        builder.Logging.Configure(o => o.ActivityTrackingOptions =
            ActivityTrackingOptions.TraceId | ActivityTrackingOptions.SpanId | ActivityTrackingOptions.ParentId);
        builder.Logging.ClearProviders();
        builder.Logging.AddSimpleConsole(o =>
        {
            o.SingleLine = true;
            o.IncludeScopes = true;
            o.TimestampFormat = "HH:mm:ss.fff ";
            o.UseUtcTimestamp = true;
        });
        builder.Logging.AddOpenTelemetry(o =>
        {
            o.IncludeFormattedMessage = true;
            o.IncludeScopes = true;
        });

        var otel = builder.Services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService(serviceName,
                serviceInstanceId: builder.Configuration["OTEL_SERVICE_INSTANCE_ID"]))
            .WithMetrics(metrics => metrics
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddRuntimeInstrumentation()
                .AddMeter(ResumePairTelemetry.SourceName))
            .WithTracing(tracing => tracing
                .AddAspNetCoreInstrumentation(o => o.Filter = context => !IsProbe(context.Request.Path))
                .AddHttpClientInstrumentation(o => o.FilterHttpRequestMessage = request => !IsProbe(request.RequestUri))
                .AddSource(ResumePairTelemetry.SourceName));
        if (!string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]))
        {
            otel.UseOtlpExporter();
            builder.Services.AddHostedService<TelemetryShutdown>();
        }
        return builder;
    }

    private static bool IsProbe(PathString path) =>
        path.StartsWithSegments("/health") || path.StartsWithSegments("/alive");

    private static bool IsProbe(Uri? uri) => uri is not null && IsProbe(new PathString(uri.AbsolutePath));
}

/// <summary>The ActivitySource and Meter for ResumePair's own spans and instruments.</summary>
public static class ResumePairTelemetry
{
    public const string SourceName = "ResumePair";

    /// <summary>The export job a span works for, the same attribute in the orchestrator's and the renderer's
    /// spans.</summary>
    public const string JobIdAttribute = "resumepair.job.id";

    public static readonly ActivitySource Source = new(SourceName);
    public static readonly System.Diagnostics.Metrics.Meter Meter = new(SourceName);
}
