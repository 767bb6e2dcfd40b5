using Xunit;
using ResumePair.AppHost.Model;
using ResumePair.AppHost.Orchestration;

namespace ResumePair.AppHost.Tests;

public sealed class InternalKeyEnvironmentTests
{
    [Fact]
    public void Every_service_and_replica_gets_the_same_random_internal_key()
    {
        var builder = DistributedApplication.CreateBuilder(new LauncherOptions(), "/repo");
        builder.AddProject("a", "a").WithReplicas(2);
        builder.AddProject("b", "b");
        var app = builder.Build();
        var context = new LaunchContext(LaunchPlan.Create(app.Graph, () => 30000), new Dictionary<IResource, string>(), app.Options, "/d", 1);

        var keys = new[]
        {
            EnvironmentBuilder.For(app.Get<ProjectResource>("a"), 0, context)["Internal__Key"],
            EnvironmentBuilder.For(app.Get<ProjectResource>("a"), 1, context)["Internal__Key"],
            EnvironmentBuilder.For(app.Get<ProjectResource>("b"), 0, context)["Internal__Key"],
        };
        Assert.Single(keys.Distinct());
        // 32 random bytes, base64: long enough that it cannot be guessed, and not a fixed value from the repository.
        Assert.Equal(32, Convert.FromBase64String(keys[0]).Length);
    }
}
