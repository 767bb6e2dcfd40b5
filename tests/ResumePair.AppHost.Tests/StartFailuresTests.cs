using System.Diagnostics;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using ResumePair.Testing;
using ResumePair.Testing.Servers;
using Xunit;

namespace ResumePair.AppHost.Tests;

/// <summary>
/// The fixtures' wait for an app to start: a resource that fails ends the wait at once, with its log, instead of the
/// fixture waiting for a server that never comes (a CI run once hung on a broker that could not bind its port).
/// </summary>
public sealed class StartFailuresTests
{
    [Fact]
    public async Task A_resource_that_exits_with_an_error_ends_the_wait_at_once_with_the_end_of_its_log()
    {
        await using var app = await StartAsync("broken", "echo 'port 4242 already in use' >&2; sleep 1; exit 3");
        var never = new TaskCompletionSource();
        var waited = Stopwatch.StartNew();

        var failure = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            StartFailures.WaitAsync(app, ct => never.Task.WaitAsync(ct), CancellationToken.None));

        Assert.True(waited.Elapsed < TimeSpan.FromSeconds(60), $"waited {waited.Elapsed}");
        Assert.StartsWith("broken", failure.Message);
        Assert.Contains("exit code 3", failure.Message);
        Assert.Contains("port 4242 already in use", failure.Message);
        await app.StopAsync();
    }

    [Fact]
    public async Task A_resource_that_runs_to_completion_is_not_a_failure()
    {
        await using var app = await StartAsync("migrations", "echo migrated; exit 0");
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));

        // Ready once the run-to-completion resource has finished and a moment has passed in which a failure would show.
        await StartFailures.WaitAsync(app, async ct =>
        {
            var finished = await app.ResourceNotifications.WaitForResourceAsync("migrations",
                e => e.Snapshot.ExitCode is not null, ct);
            Assert.Equal(0, finished.Snapshot.ExitCode);
            await Task.Delay(TimeSpan.FromSeconds(1), ct);
        }, timeout.Token);

        Assert.False(timeout.IsCancellationRequested);
        await app.StopAsync();
    }

    /// <summary>An app of one shell-script resource, started.</summary>
    private static async Task<DistributedApplication> StartAsync(string name, string script)
    {
        var builder = ServersOnlyBuilder.Create();
        builder.AddExecutable(name, "/bin/sh", "/", "-c", script);
        var app = await builder.BuildAsync();
        await app.StartAsync();
        return app;
    }
}
