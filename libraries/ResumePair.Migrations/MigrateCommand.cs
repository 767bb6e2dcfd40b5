using System.Reflection;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace ResumePair.Migrations;

public static class MigrateCommand
{
    /// <summary>
    /// <c>--migrate</c> applies this service's migrations and exits (the launcher, a Kubernetes init
    /// container or a deploy step runs it before the service starts); otherwise the service runs.
    /// </summary>
    public static async Task RunOrMigrateAsync(this WebApplication app, string[] args)
    {
        if (!args.Contains("--migrate"))
        {
            await app.RunAsync();
            return;
        }
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Migrations");
        var applied = await MigrationRunner.ApplyAsync(app.Services.GetRequiredService<NpgsqlDataSource>(),
            Assembly.GetEntryAssembly()!, logger, app.Lifetime.ApplicationStopping);
        logger.LogInformation("Migrations complete: {Count} applied", applied.Count);
    }
}
