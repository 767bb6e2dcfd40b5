using System.Reflection;
using Aspire.Hosting;
using Aspire.Hosting.Testing;
using Microsoft.Extensions.Hosting;

namespace ResumePair.Testing.Servers;

/// <summary>
/// An empty testing builder (no AppHost model) for resources a test adds itself. DCP's location comes from an AppHost
/// assembly: Aspire.Hosting.Testing 13.6 has the overload that takes one, but not public, so it is called by name.
/// </summary>
public static class ServersOnlyBuilder
{
    public static IDistributedApplicationTestingBuilder Create()
    {
        Action<DistributedApplicationOptions, HostApplicationBuilderSettings> configure = (options, _) =>
            options.DisableDashboard = true;
        var create = typeof(DistributedApplicationTestingBuilder).GetMethod(
            "Create",
            BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static,
            [
                typeof(string[]),
                typeof(Action<DistributedApplicationOptions, HostApplicationBuilderSettings>),
                typeof(Assembly),
            ]
        )
            ?? throw new MissingMethodException(
                "DistributedApplicationTestingBuilder.Create(string[], Action, Assembly)"
            );
        return (IDistributedApplicationTestingBuilder)create.Invoke(null,
            [Array.Empty<string>(), configure, Assembly.Load(new AssemblyName("ResumePair.AppHost"))])!;
    }
}
