using System.Text;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using ResumePair.Hosting.LocalServers.Internal;
using ResumePair.Hosting.LocalServers.RabbitMQ;

namespace Aspire.Hosting;

public static class LocalRabbitMQBuilderExtensions
{
    /// <summary>
    /// RabbitMQ (with its management plugin) from Debian's package as an executable resource, its state in
    /// <paramref name="dataDirectory"/>, plus the epmd it registers with as a resource of its own (left to itself,
    /// Erlang starts a daemon epmd that outlives the AppHost). The stand-in for <c>AddRabbitMQ</c> without containers.
    /// </summary>
    /// <param name="port">The AMQP port (default: one free now). Not behind DCP's proxy: while the broker is down its
    /// port refuses connections at once, as a real broker's does, instead of a proxy holding them.</param>
    /// <param name="network">Run it (and its epmd) in another network namespace, listening on that "host's" address.
    /// </param>
    public static IResourceBuilder<LocalRabbitMQResource> AddLocalRabbitMQ(this IDistributedApplicationBuilder builder,
        string name, string dataDirectory, int? port = null, LocalServerNetwork? network = null)
    {
        var amqpPort = port ?? LocalPorts.Free();
        var directory = Path.GetFullPath(dataDirectory);
        // epmd's working directory. Now, not in the broker's before-start hook: DCP may launch epmd before that hook
        // runs, and a missing working directory is "failed to start" (seen once on a fresh clone).
        Directory.CreateDirectory(directory);
        var server = Path.Combine(DebianBinaries.RabbitMqSbin, "rabbitmq-server");
        var resource = new LocalRabbitMQResource(name, LocalServerNetwork.Command(network, server), directory,
            LocalPorts.Free(), LocalPorts.Free(), network);
        var host = network?.ListenAddress ?? "127.0.0.1";

        string[] epmdArgs =
        [
            "-port",
            resource.EpmdPort.ToString(),
            "-address",
            network is null ? host : $"127.0.0.1,{host}",
        ];
        var epmd = builder
            .AddExecutable(
                $"{name}-epmd",
                LocalServerNetwork.Command(network, DebianBinaries.Epmd),
                directory,
                [.. LocalServerNetwork.Prefix(network, DebianBinaries.Epmd), .. epmdArgs]
            )
            .WithParentRelationship(resource)
            .WithTcpHealthCheck(host, resource.EpmdPort);

        var healthKey = $"{name}_check";
        builder.Services.AddHealthChecks().Add(new HealthCheckRegistration(
            healthKey, _ => new RabbitMQHealthCheck(resource), failureStatus: null, tags: null));

        var managementPort = LocalPorts.Free();
        return builder.AddResource(resource)
            .WithEndpoint(name: LocalRabbitMQResource.PrimaryEndpointName, scheme: "tcp", env: "RABBITMQ_NODE_PORT",
                port: amqpPort, targetPort: amqpPort, isProxied: false)
            // Not proxied: the port is written into rabbitmq.conf, so it must be known before DCP starts anything.
            .WithHttpEndpoint(port: managementPort, targetPort: managementPort,
                name: LocalRabbitMQResource.ManagementEndpointName, isProxied: false)
            .WithArgs(context =>
            {
                foreach (var arg in LocalServerNetwork.Prefix(network, server)) context.Args.Add(arg);
            })
            .WithEnvironment(context =>
            {
                foreach (var (key, value) in BrokerEnvironment(resource)) context.EnvironmentVariables[key] = value;
            })
            .WithIconName("Mail")
            .WithHealthCheck(healthKey)
            .WaitFor(epmd)
            .OnBeforeResourceStarted((broker, _, ct) => WriteConfigurationAsync(broker, managementPort, ct));
    }

    private static Dictionary<string, string> BrokerEnvironment(LocalRabbitMQResource broker)
    {
        var directory = broker.DataDirectory;
        return new()
        {
            // The Erlang cookie lives in HOME.
            ["HOME"] = directory,
            // The hostname does not resolve reliably; the node name only has to be unique per data directory.
            ["RABBITMQ_NODENAME"] = $"rp{StableHash(directory):x8}@localhost",
            ["RABBITMQ_NODE_IP_ADDRESS"] = broker.Network?.ListenAddress ?? "127.0.0.1",
            // Unset, the distribution port is node port + 20000: above 65535 with DCP's high ports, and boot fails.
            ["RABBITMQ_DIST_PORT"] = broker.DistributionPort.ToString(),
            ["ERL_EPMD_PORT"] = broker.EpmdPort.ToString(),
            ["ERL_EPMD_ADDRESS"] = "127.0.0.1",
            // Our epmd is its own resource: never let the node start a daemon one that would outlive the AppHost.
            ["RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS"] = "-start_epmd false",
            ["RABBITMQ_MNESIA_BASE"] = Path.Combine(directory, "mnesia"),
            ["RABBITMQ_LOG_BASE"] = Path.Combine(directory, "log"),
            // The console is what DCP captures: the broker's log shows in the dashboard.
            ["RABBITMQ_LOGS"] = "-",
            ["RABBITMQ_CONFIG_FILE"] = Path.Combine(directory, "rabbitmq.conf"),
            ["RABBITMQ_ADVANCED_CONFIG_FILE"] = Path.Combine(directory, "advanced.config"),
            ["RABBITMQ_CONF_ENV_FILE"] = Path.Combine(directory, "rabbitmq-env.conf"),
            ["RABBITMQ_ENABLED_PLUGINS_FILE"] = Path.Combine(directory, "enabled_plugins"),
            ["RABBITMQ_PID_FILE"] = Path.Combine(directory, "rabbitmq.pid"),
            // rabbitmq-server starts the VM as `erl` from PATH: ours first (ErlangInOwnSession).
            ["PATH"] = $"{ErlangInOwnSession.Directory(directory)}:{Environment.GetEnvironmentVariable("PATH")}",
        };
    }

    private static async Task WriteConfigurationAsync(LocalRabbitMQResource broker, int managementPort,
        CancellationToken ct)
    {
        var directory = broker.DataDirectory;
        Directory.CreateDirectory(Path.Combine(directory, "mnesia"));
        Directory.CreateDirectory(Path.Combine(directory, "log"));
        await File.WriteAllTextAsync(
                Path.Combine(directory, "rabbitmq.conf"),
                $"""
                # Written by ResumePair.Hosting.LocalServers on every start.
                management.tcp.ip = {broker.Network?.ListenAddress ?? "127.0.0.1"}
                management.tcp.port = {managementPort}
                {(
                    broker.Network is null
                        ? ""
                        : "# On a network (LocalServerNetwork): the guest user may connect from it.\n"
                            + "loopback_users = none"
                )}
                """,
                ct
            )
            .ConfigureAwait(false);
        // An empty env file: the Debian default one would switch users and paths.
        await File.WriteAllTextAsync(Path.Combine(directory, "rabbitmq-env.conf"), "", ct).ConfigureAwait(false);
        // What `rabbitmq-plugins enable --offline rabbitmq_management` writes, without booting an Erlang VM for it.
        await File.WriteAllTextAsync(Path.Combine(directory, "enabled_plugins"), "[rabbitmq_management].\n", ct)
            .ConfigureAwait(false);
        await ErlangInOwnSession.WriteAsync(directory, ct).ConfigureAwait(false);
    }

    private static uint StableHash(string text)
    {
        // string.GetHashCode is randomised per process; the node name (and so mnesia's folder) must not change.
        unchecked
        {
            var hash = 2166136261;
            foreach (var b in Encoding.UTF8.GetBytes(text)) hash = (hash ^ b) * 16777619;
            return hash;
        }
    }
}
