using System.Diagnostics;
using Microsoft.Extensions.Options;

namespace ResumePair.ExportOrchestrator.Jobs;

/// <summary>Where operators read telemetry: the Aspire dashboard's address, which the AppHost passes when it runs
/// one.</summary>
public sealed class DashboardOptions
{
    public const string Section = "Dashboard";

    public Uri? Url { get; set; }
}

/// <summary>A job's trace: the id stored with the job and the dashboard page that shows it.</summary>
public sealed class JobTraces(IOptions<DashboardOptions> options)
{
    /// <summary>The trace of the work in progress (the request creating a job), when it is a W3C trace.</summary>
    public static string? CurrentId() =>
        Activity.Current is { IdFormat: ActivityIdFormat.W3C } activity ? activity.TraceId.ToHexString() : null;

    /// <summary>The dashboard's trace page, or null without a dashboard or a trace.</summary>
    public string? Url(string? traceId) =>
        traceId is null || options.Value.Url is not { } dashboard
            ? null
            : new Uri(dashboard, $"/traces/detail/{traceId}").ToString();
}
