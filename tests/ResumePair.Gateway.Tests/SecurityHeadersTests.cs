using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc.Testing;
using Xunit;

namespace ResumePair.Gateway.Tests;

/// <summary>Browser hardening headers on every kind of answer the gateway gives: pages, API documents, errors.</summary>
public sealed partial class SecurityHeadersTests(GatewayHttpTests.GatewayFactory factory) : IClassFixture<GatewayHttpTests.GatewayFactory>
{
    [Theory]
    [InlineData("/api/docs/")]
    [InlineData("/alive")]
    [InlineData("/api/v1/documents")]
    [InlineData("/api/v1/no-such-route")]
    [InlineData("/openapi/v1.json")]
    public async Task Every_answer_carries_the_hardening_headers(string path)
    {
        var response = await factory.CreateClient().GetAsync(path);

        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("no-referrer", response.Headers.GetValues("Referrer-Policy").Single());
        Assert.Equal("DENY", response.Headers.GetValues("X-Frame-Options").Single());
        var csp = response.Headers.GetValues("Content-Security-Policy").Single();
        Assert.Contains("frame-ancestors 'none'", csp);
        Assert.False(response.Headers.Contains("Strict-Transport-Security")); // plain http: a browser ignores it anyway
    }

    [Fact]
    public async Task The_api_reference_runs_no_inline_script_and_its_policy_allows_none()
    {
        var client = factory.CreateClient();
        var page = await client.GetAsync("/api/docs/");
        var html = await page.Content.ReadAsStringAsync();

        var csp = page.Headers.GetValues("Content-Security-Policy").Single();
        Assert.Contains("script-src 'self';", csp);
        Assert.DoesNotContain("unsafe-eval", csp);
        Assert.Empty(InlineScript().Matches(html));
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/docs/docs.js")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/docs/docs.css")).StatusCode);
    }

    [Fact]
    public async Task Over_tls_the_answer_carries_hsts()
    {
        var client = factory.CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = new Uri("https://localhost") });

        var response = await client.GetAsync("/alive");

        Assert.StartsWith("max-age=", response.Headers.GetValues("Strict-Transport-Security").Single());
    }

    [Fact]
    public async Task A_declared_body_over_the_limit_is_refused_before_it_is_forwarded()
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/ai/generate")
        {
            Content = new ByteArrayContent(new byte[3 * 1024 * 1024]),
        };

        var response = await factory.CreateClient().SendAsync(request);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [GeneratedRegex("<script(?![^>]*\\bsrc=)[^>]*>", RegexOptions.IgnoreCase)]
    private static partial Regex InlineScript();
}
