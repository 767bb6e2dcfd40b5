using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OpenTelemetry;
using OpenTelemetry.Logs;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace ResumePair.ServiceDefaults.Telemetry;

/// <summary>
/// OpenTelemetry wired by hand: OpenTelemetry.Extensions.Hosting and the instrumentation packages are
/// not in our registry, so we build the providers ourselves and listen to the sources and meters that
/// ASP.NET Core, HttpClient, Npgsql, MassTransit and the runtime already emit.
/// </summary>
public static class TelemetryExtensions
{
    public static readonly string[] ActivitySources =
        ["Microsoft.AspNetCore", "System.Net.Http", "Npgsql", "MassTransit", ResumePairTelemetry.SourceName];

    public static readonly string[] Meters =
        ["Microsoft.AspNetCore.Hosting", "Microsoft.AspNetCore.Server.Kestrel", "Microsoft.AspNetCore.RateLimiting",
         "System.Net.Http", "System.Runtime", "Npgsql", "MassTransit", ResumePairTelemetry.SourceName];

    public static IHostApplicationBuilder ConfigureTelemetry(this IHostApplicationBuilder builder)
    {
        var serviceName = builder.Configuration["OTEL_SERVICE_NAME"] ?? builder.Environment.ApplicationName;
        var otlpEndpoint = builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"];
        var exportOtlp = !string.IsNullOrWhiteSpace(otlpEndpoint);
        var resource = ResourceBuilder.CreateDefault().AddService(serviceName,
            serviceInstanceId: builder.Configuration["OTEL_SERVICE_INSTANCE_ID"] ?? Environment.MachineName + ":" + Environment.ProcessId);

        builder.Logging.Configure(o => o.ActivityTrackingOptions =
            ActivityTrackingOptions.TraceId | ActivityTrackingOptions.SpanId | ActivityTrackingOptions.ParentId);
        // Per-request framework chatter drowns the lines that matter; configuration can still turn it up.
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning)
                       .AddFilter("Yarp", LogLevel.Warning)
                       .AddFilter("System.Net.Http.HttpClient", LogLevel.Warning)
                       .AddFilter("Microsoft.Hosting.Lifetime", LogLevel.Information);
        builder.Logging.ClearProviders();
        builder.Logging.AddConsole(o => o.FormatterName = TraceConsoleFormatter.FormatterName)
                       .AddConsoleFormatter<TraceConsoleFormatter, Microsoft.Extensions.Logging.Console.ConsoleFormatterOptions>();
        if (exportOtlp)
        {
            builder.Logging.AddOpenTelemetry(o =>
            {
                o.SetResourceBuilder(resource);
                o.IncludeFormattedMessage = true;
                o.IncludeScopes = true;
                o.AddOtlpExporter();
            });
        }

        // The tracer provider is built even without an exporter: its listener is what makes ASP.NET Core,
        // HttpClient and MassTransit create activities and carry W3C trace context across hops.
        var tracing = Sdk.CreateTracerProviderBuilder()
            .SetResourceBuilder(resource)
            .SetSampler(new ParentBasedSampler(new AlwaysOnSampler()))
            .AddSource(ActivitySources);
        if (exportOtlp) tracing.AddOtlpExporter();

        var metrics = Sdk.CreateMeterProviderBuilder().SetResourceBuilder(resource).AddMeter(Meters);
        if (exportOtlp) metrics.AddOtlpExporter();

        builder.Services.AddSingleton(new TelemetryProviders(tracing.Build(), metrics.Build()));
        builder.Services.AddHostedService(sp => sp.GetRequiredService<TelemetryProviders>());
        return builder;
    }
}

/// <summary>Owns the providers so they flush and dispose when the host stops.</summary>
public sealed class TelemetryProviders(TracerProvider? tracer, MeterProvider? meter) : IHostedService, IDisposable
{
    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken)
    {
        tracer?.ForceFlush(2000);
        meter?.ForceFlush(2000);
        return Task.CompletedTask;
    }

    public void Dispose()
    {
        tracer?.Dispose();
        meter?.Dispose();
    }
}

/// <summary>The ActivitySource and Meter for ResumePair's own spans and instruments.</summary>
public static class ResumePairTelemetry
{
    public const string SourceName = "ResumePair";
    public static readonly ActivitySource Source = new(SourceName);
    public static readonly System.Diagnostics.Metrics.Meter Meter = new(SourceName);
}
