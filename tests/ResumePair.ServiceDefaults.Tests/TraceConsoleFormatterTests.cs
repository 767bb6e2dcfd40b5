using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using ResumePair.ServiceDefaults.Telemetry;
using Xunit;

namespace ResumePair.ServiceDefaults.Tests;

public sealed class TraceConsoleFormatterTests
{
    private static string Format(string message, Exception? exception = null)
    {
        var writer = new StringWriter();
        new TraceConsoleFormatter().Write(
            new LogEntry<string>(LogLevel.Information, "Cat", new EventId(1), message, exception, (s, _) => s), null, writer);
        return writer.ToString();
    }

    [Fact]
    public void One_line_per_entry_ending_with_the_current_trace_id()
    {
        using var activity = new Activity("test").SetIdFormat(ActivityIdFormat.W3C).Start();

        var line = Format("multi\nline message", new InvalidOperationException("bad"));

        Assert.Single(line.TrimEnd('\n').Split('\n'));
        Assert.Contains("info Cat: multi line message", line);
        Assert.Contains($"trace_id={activity.TraceId.ToHexString()}", line);
        Assert.Contains("InvalidOperationException: bad", line);
    }

    [Fact]
    public void No_trace_id_outside_an_activity()
    {
        Activity.Current = null;

        Assert.DoesNotContain("trace_id=", Format("plain"));
    }
}
