using System.Diagnostics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace ResumePair.ServiceDefaults.Hosting;

/// <summary>
/// Stops this process when the launcher that started it is gone (set <c>RESUMEPAIR_PARENT_PID</c>),
/// so a killed AppHost or test run never leaves orphaned services holding ports.
/// </summary>
public sealed class ParentProcessWatchdog(IConfiguration configuration, IHostApplicationLifetime lifetime, ILogger<ParentProcessWatchdog> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!int.TryParse(configuration["RESUMEPAIR_PARENT_PID"], out var parentPid)) return;
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1));
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
        {
            if (IsAlive(parentPid)) continue;
            logger.LogWarning("Launcher process {Pid} is gone; stopping", parentPid);
            lifetime.StopApplication();
            return;
        }
    }

    private static bool IsAlive(int pid)
    {
        try
        {
            using var p = Process.GetProcessById(pid);
            return !p.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }
}
