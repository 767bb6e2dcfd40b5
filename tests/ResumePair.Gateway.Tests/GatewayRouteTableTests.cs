using Xunit;
using ResumePair.Gateway.Routing;

namespace ResumePair.Gateway.Tests;

public sealed class GatewayRouteTableTests
{
    [Fact]
    public void Each_service_is_one_discovery_destination_with_active_and_passive_health_checks()
    {
        var (_, clusters) = GatewayRouteTable.Build();

        var renderer = clusters.Single(c => c.ClusterId == "pdf-renderer");
        // Microsoft.Extensions.ServiceDiscovery.Yarp expands it into one destination per replica.
        Assert.Equal("http://pdf-renderer", renderer.Destinations!.Values.Single().Address);
        Assert.True(renderer.HealthCheck!.Active!.Enabled);
        Assert.True(renderer.HealthCheck.Passive!.Enabled);
        Assert.Equal("/health", renderer.HealthCheck.Active.Path);
    }

    [Theory]
    [InlineData("auth-open", GatewayPolicies.Anonymous)]
    [InlineData("auth", GatewayPolicies.SignedIn)]
    [InlineData("documents", GatewayPolicies.SignedIn)]
    [InlineData("export", GatewayPolicies.SignedIn)]
    [InlineData("imports", GatewayPolicies.SignedIn)]
    [InlineData("export-files", GatewayPolicies.Anonymous)]
    [InlineData("jobs", GatewayPolicies.Admin)]
    [InlineData("ai", GatewayPolicies.SignedIn)]
    [InlineData("photo-uploads", GatewayPolicies.Anonymous)]
    [InlineData("photos", GatewayPolicies.SignedIn)]
    [InlineData("shares", GatewayPolicies.Anonymous)]
    public void Protected_routes_require_a_token_and_open_ones_do_not(string routeId, string policy)
    {
        var (routes, _) = GatewayRouteTable.Build();

        Assert.Equal(policy, routes.Single(r => r.RouteId == routeId).AuthorizationPolicy);
    }

    [Fact]
    public void Specific_open_routes_win_over_their_protected_catch_alls()
    {
        var (routes, _) = GatewayRouteTable.Build();
        int Order(string id) => routes.Single(r => r.RouteId == id).Order!.Value;

        Assert.True(Order("auth-open") < Order("auth"));
        Assert.True(Order("export-files") < Order("export"));
    }
}
