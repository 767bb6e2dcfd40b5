using Xunit;
using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace ResumePair.Gateway.Tests;

/// <summary>The gateway in-process (no services behind it): what it answers on its own.</summary>
public sealed class GatewayHttpTests(GatewayHttpTests.GatewayFactory factory) : IClassFixture<GatewayHttpTests.GatewayFactory>
{
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
    public async Task Every_response_carries_a_request_id_and_traceparent()
    {
        var client = factory.CreateClient();
        var request = new HttpRequestMessage(HttpMethod.Get, "/alive");
        request.Headers.Add("X-Request-Id", "client-chosen-42");

        var response = await client.SendAsync(request);
        var generated = await client.GetAsync("/alive");

        Assert.Equal("client-chosen-42", response.Headers.GetValues("X-Request-Id").Single());
        Assert.Matches("^00-[0-9a-f]{32}-[0-9a-f]{16}-0[01]$", response.Headers.GetValues("traceparent").Single());
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
    public async Task Health_reports_each_downstream_service_and_is_unhealthy_when_they_are_down()
    {
        var response = await factory.CreateClient().GetAsync("/health");
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        foreach (var service in new[] { "documents", "export-orchestrator", "ai-proxy", "pdf-renderer" })
            Assert.Contains($"\"name\":\"{service}\"", body);
    }

    [Fact]
    public async Task Api_docs_page_lists_every_service_and_reports_unreachable_ones_as_503()
    {
        var client = factory.CreateClient();

        var page = await client.GetAsync("/api/docs");
        var services = await client.GetStringAsync("/api/docs/services");
        var unreachable = await client.GetAsync("/api/docs/documents.json");
        var unknown = await client.GetAsync("/api/docs/nope.json");

        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        Assert.Contains("ResumePair API reference", await page.Content.ReadAsStringAsync());
        foreach (var service in new[] { "documents", "export-orchestrator", "ai-proxy", "pdf-renderer", "gateway" })
            Assert.Contains($"\"{service}\"", services);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, unreachable.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }
}
