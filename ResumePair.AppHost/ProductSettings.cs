using System.Security.Cryptography;
using Microsoft.Extensions.Configuration;
using ResumePair.Hosting.LocalServers.Internal;

namespace ResumePair.AppHost;

/// <summary>What the AppHost reads from configuration, and what every service of one run shares.</summary>
internal sealed record ProductSettings(
    string Servers,
    string DataDirectory,
    int GatewayPort,
    bool FastUnsafeStorage,
    string EnvironmentName,
    IResourceBuilder<ParameterResource> InternalKey,
    IConfiguration Configuration)
{
    public static ProductSettings From(IDistributedApplicationBuilder builder)
    {
        var configuration = builder.Configuration;
        var repository = Path.GetFullPath(Path.Combine(builder.AppHostDirectory, ".."));
        var dataDirectory = Path.GetFullPath(
            configuration["DataDirectory"] ?? Path.Combine(repository, ".data", "apphost"));
        var gatewayPort = configuration.GetValue("Gateway:Port", 8080);
        // The secret that signs service-to-service calls (ResumePair.Web/Internal): new for every run, never on disk.
        var internalKey = builder.AddParameter("internal-key",
            () => Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)), secret: true);
        return new ProductSettings(
            configuration["Servers"] ?? "local",
            dataDirectory,
            gatewayPort == 0 ? LocalPorts.Free() : gatewayPort,
            configuration.GetValue("LocalServers:FastUnsafeStorage", false),
            builder.Environment.EnvironmentName,
            internalKey,
            configuration);
    }

    public int ReplicasOf(string service) => Configuration.GetValue($"Replicas:{service}", 1);
}
