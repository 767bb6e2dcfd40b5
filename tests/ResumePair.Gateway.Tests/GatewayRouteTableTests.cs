using Xunit;
using Microsoft.Extensions.Configuration;
using ResumePair.Gateway.Routing;

namespace ResumePair.Gateway.Tests;

public sealed class GatewayRouteTableTests
{
    private static IConfiguration Config(params (string Key, string Value)[] values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values.ToDictionary(v => v.Key, v => (string?)v.Value)).Build();

    [Fact]
    public void Every_replica_in_discovery_becomes_a_destination()
    {
        var config = Config(
            ("services:pdf-renderer:http:0", "http://127.0.0.1:5001"),
            ("services:pdf-renderer:http:1", "http://127.0.0.1:5002"),
            ("services:documents:http:0", "http://127.0.0.1:5003"));

        var (_, clusters) = GatewayRouteTable.Build(config);

        var renderer = clusters.Single(c => c.ClusterId == "pdf-renderer");
        Assert.Equal(["http://127.0.0.1:5001", "http://127.0.0.1:5002"], renderer.Destinations!.Values.Select(d => d.Address).Order());
        Assert.True(renderer.HealthCheck!.Active!.Enabled);
        Assert.Equal("/health", renderer.HealthCheck.Active.Path);
        Assert.Single(clusters.Single(c => c.ClusterId == "documents").Destinations!);
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
    public void Protected_routes_require_a_token_and_open_ones_do_not(string routeId, string policy)
    {
        var (routes, _) = GatewayRouteTable.Build(Config());

        Assert.Equal(policy, routes.Single(r => r.RouteId == routeId).AuthorizationPolicy);
    }

    [Fact]
    public void Specific_open_routes_win_over_their_protected_catch_alls()
    {
        var (routes, _) = GatewayRouteTable.Build(Config());
        int Order(string id) => routes.Single(r => r.RouteId == id).Order!.Value;

        Assert.True(Order("auth-open") < Order("auth"));
        Assert.True(Order("export-files") < Order("export"));
    }
}
