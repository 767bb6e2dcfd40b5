using ResumePair.ExportOrchestrator;
using ResumePair.ServiceDefaults;

/// <summary>
/// One orchestrator replica (what the service's Program runs, minus the HTTP routes the soak does not call), in its
/// own process so the soak can SIGKILL it. Configuration comes from the environment the driver sets.
/// </summary>
internal static class Replica
{
    public static async Task RunAsync(string[] args)
    {
        var builder = WebApplication.CreateBuilder(args);
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.AddServiceDefaults();
        builder.AddApplicationServices();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        var app = builder.Build();
        await app.RunAsync();
    }
}
