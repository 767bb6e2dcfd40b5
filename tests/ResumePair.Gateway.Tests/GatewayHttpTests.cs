using Xunit;
using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace ResumePair.Gateway.Tests;

/// <summary>The gateway in-process (no services behind it): what it answers on its own.</summary>
public sealed class GatewayHttpTests(GatewayHttpTests.GatewayFactory factory)
    : IClassFixture<GatewayHttpTests.GatewayFactory>
{
    private const int DeadPort = 9;

    public sealed class GatewayFactory : WebApplicationFactory<Program>
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            // Discovery points at a port nothing listens on: the gateway must still answer for itself.
            builder.UseSetting("services:documents:http:0", "http://127.0.0.1:9");
            builder.UseSetting("services:export-orchestrator:http:0", "http://127.0.0.1:9");
            builder.UseSetting("services:ai-proxy:http:0", "http://127.0.0.1:9");
            builder.UseSetting("services:pdf-renderer:http:0", "http://127.0.0.1:9");
        }
    }

    [Theory]
    [InlineData("/api/v1/documents")]
    [InlineData("/api/v1/export/job/5f0c8d5e-0000-0000-0000-000000000000")]
    [InlineData("/api/v1/ai/usage")]
    [InlineData("/api/v1/jobs/stats")]
    public async Task Protected_routes_without_a_token_are_401_problems(string path)
    {
        var response = await factory.CreateClient().GetAsync(path);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("\"traceId\"", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task An_error_is_a_problem_even_when_the_client_accepts_only_xml()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/documents");
        request.Headers.Add("Accept", "application/xml");

        var response = await factory.CreateClient().SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("\"status\":401", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Every_response_carries_a_request_id_and_traceparent()
    {
        var client = factory.CreateClient();
        var request = new HttpRequestMessage(HttpMethod.Get, "/alive");
        request.Headers.Add("X-Request-Id", "client-chosen-42");

        var response = await client.SendAsync(request);
        var generated = await client.GetAsync("/alive");

        Assert.Equal("client-chosen-42", response.Headers.GetValues("X-Request-Id").Single());
        // Probes are not recorded (flags 00, or 02: W3C level 2's random trace id); a request would be (01/03).
        Assert.Matches("^00-[0-9a-f]{32}-[0-9a-f]{16}-0[0-3]$", response.Headers.GetValues("traceparent").Single());
        Assert.Matches("^[0-9a-f]{32}$", generated.Headers.GetValues("X-Request-Id").Single());
    }

    [Fact]
    public async Task A_hostile_request_id_is_replaced()
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "/alive");
        request.Headers.TryAddWithoutValidation("X-Request-Id", "<script>alert(1)</script>");

        var response = await factory.CreateClient().SendAsync(request);

        Assert.Matches("^[0-9a-f]{32}$", response.Headers.GetValues("X-Request-Id").Single());
    }

    [Fact]
    public async Task Health_reports_each_replica_discovery_resolved_and_is_unhealthy_when_they_are_down()
    {
        var response = await factory.CreateClient().GetAsync("/health");
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        foreach (var service in new[] { "documents", "export-orchestrator", "ai-proxy", "pdf-renderer" })
            Assert.Contains($"\"name\":\"{service}\"", body);
        // The proxy's destinations are the replicas from services__{name}__http__{i}, not the service names.
        Assert.Contains($"http://127.0.0.1:{DeadPort}/", body);
        Assert.DoesNotContain("http://documents", body);
    }

    [Fact]
    public async Task Api_docs_is_the_scalar_reference_over_the_gateway_and_every_service()
    {
        var client = factory.CreateClient();

        var page = await client.GetAsync("/api/docs");
        var html = await page.Content.ReadAsStringAsync();
        var gateway = await client.GetAsync("/openapi/v1.json");
        var unreachable = await client.GetAsync("/api/docs/openapi/documents.json");
        var unknown = await client.GetAsync("/api/docs/openapi/nope.json");

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        Assert.Contains("ResumePair API reference", html);
        foreach (var service in new[] { "documents", "export-orchestrator", "ai-proxy", "pdf-renderer" })
            Assert.Contains($"\"url\":\"api/docs/openapi/{service}.json\"", html);
        Assert.Equal(HttpStatusCode.OK, gateway.StatusCode);
        // Proxied to the service's own /openapi/v1.json: its only replica refuses connections.
        Assert.Equal(HttpStatusCode.BadGateway, unreachable.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }
}
