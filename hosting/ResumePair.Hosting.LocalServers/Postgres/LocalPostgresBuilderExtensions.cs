using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using ResumePair.Hosting.LocalServers.Internal;
using ResumePair.Hosting.LocalServers.Postgres;

namespace Aspire.Hosting;

public static class LocalPostgresBuilderExtensions
{
    /// <summary>
    /// PostgreSQL from Debian's package as an executable resource, its cluster in <paramref name="dataDirectory"/>
    /// (initialised on first start, kept between runs). <c>AddPostgres</c> without a container runtime.
    /// </summary>
    /// <param name="port">The port it listens on (default: one free now). Not behind DCP's proxy: while the server is
    /// down its port refuses connections at once, as a real server's does, instead of a proxy holding them.</param>
    /// <param name="network">Run it in another network namespace, listening on that "host's" address.</param>
    public static IResourceBuilder<LocalPostgresResource> AddLocalPostgres(this IDistributedApplicationBuilder builder,
        string name, string dataDirectory, int? port = null, LocalServerNetwork? network = null)
    {
        var listenPort = port ?? LocalPorts.Free();
        var directory = Path.GetFullPath(dataDirectory);
        var postgres = Path.Combine(DebianBinaries.PostgresBin, "postgres");
        // The postmaster refuses root. setpriv execs in place, so DCP holds the postmaster's own pid (su would not).
        var asRoot = Environment.IsPrivilegedProcess;
        var command = asRoot ? DebianBinaries.SetPriv : postgres;
        var resource = new LocalPostgresResource(
            name,
            LocalServerNetwork.Command(network, command),
            directory,
            network
        );

        var healthKey = $"{name}_check";
        builder.Services.AddHealthChecks().Add(new HealthCheckRegistration(
            healthKey, _ => new PostgresHealthCheck(resource, "postgres"), failureStatus: null, tags: null));

        return builder.AddResource(resource)
            .WithEndpoint(name: LocalPostgresResource.PrimaryEndpointName, scheme: "tcp", env: "PGPORT",
                port: listenPort, targetPort: listenPort, isProxied: false)
            .WithArgs(context =>
            {
                foreach (var arg in LocalServerNetwork.Prefix(network, command)) context.Args.Add(arg);
                string[] setpriv = ["--reuid=postgres", "--regid=postgres", "--init-groups", "--", postgres];
                if (asRoot)
                    foreach (var arg in setpriv) context.Args.Add(arg);
                foreach (var arg in PostgresCluster.ServerArguments(resource)) context.Args.Add(arg);
            })
            .WithIconName("DatabaseStack")
            .WithHealthCheck(healthKey)
            .OnBeforeResourceStarted((server, _, ct) => PostgresCluster.InitialiseAsync(server, asRoot, ct))
            .OnResourceReady(async (server, @event, ct) =>
            {
                var notifications = @event.Services.GetRequiredService<ResourceNotificationService>();
                foreach (var database in server.DatabaseResources)
                {
                    await PostgresCluster.CreateDatabaseAsync(server, database.DatabaseName, ct).ConfigureAwait(false);
                    // DCP reports state for the children of containers only: a database's state is ours to publish,
                    // or WaitFor(database) would wait forever.
                    await notifications.PublishUpdateAsync(database, s => s with
                    {
                        State = KnownResourceStates.Running,
                        StartTimeStamp = DateTime.UtcNow,
                        StopTimeStamp = null,
                    }).ConfigureAwait(false);
                }
            })
            .OnResourceStopped(async (server, @event, _) =>
            {
                var notifications = @event.Services.GetRequiredService<ResourceNotificationService>();
                foreach (var database in server.DatabaseResources)
                    await notifications.PublishUpdateAsync(database, s => s with
                    {
                        State = KnownResourceStates.Finished,
                        StopTimeStamp = DateTime.UtcNow,
                    }).ConfigureAwait(false);
            });
    }

    /// <summary>A database on the server, created (if missing) once the server is ready; WaitFor it.</summary>
    public static IResourceBuilder<LocalPostgresDatabaseResource> AddDatabase(
        this IResourceBuilder<LocalPostgresResource> builder, string name, string? databaseName = null)
    {
        var database = new LocalPostgresDatabaseResource(name, databaseName ?? name, builder.Resource);
        builder.Resource.AddDatabase(database);
        var healthKey = $"{name}_check";
        builder.ApplicationBuilder.Services.AddHealthChecks().Add(new HealthCheckRegistration(
            healthKey, _ => new PostgresHealthCheck(database, database.DatabaseName), failureStatus: null, tags: null));
        return builder.ApplicationBuilder.AddResource(database)
            .WithInitialState(new CustomResourceSnapshot
            {
                ResourceType = "PostgresDatabase",
                State = KnownResourceStates.NotStarted,
                Properties = [new("postgres.database", database.DatabaseName)],
            })
            .WithIconName("Database")
            .WithHealthCheck(healthKey);
    }

    /// <summary>fsync, synchronous commit and full-page writes off: for throwaway test clusters only.</summary>
    public static IResourceBuilder<LocalPostgresResource> WithFastUnsafeStorage(
        this IResourceBuilder<LocalPostgresResource> builder, bool enabled = true)
    {
        builder.Resource.FastUnsafe = enabled;
        return builder;
    }
}
