using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc.Testing;
using Xunit;

namespace ResumePair.Gateway.Tests;

/// <summary>Browser hardening headers on every kind of answer the gateway gives: pages, API documents,
/// errors.</summary>
public sealed partial class SecurityHeadersTests(GatewayHttpTests.GatewayFactory factory)
    : IClassFixture<GatewayHttpTests.GatewayFactory>
{
    [Theory]
    [InlineData("/api/docs")]
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
    public async Task The_api_reference_runs_only_scripts_its_policy_names_and_a_fresh_nonce_each_time()
    {
        var client = factory.CreateClient();
        var first = await client.GetAsync("/api/docs");
        var second = await client.GetAsync("/api/docs");
        var html = await first.Content.ReadAsStringAsync();

        var csp = first.Headers.GetValues("Content-Security-Policy").Single();
        var nonce = Assert.Single(NonceInPolicy().Matches(csp)).Groups[1].Value;
        Assert.DoesNotContain("unsafe-eval", csp);
        Assert.DoesNotContain("'unsafe-inline'", csp.Split(';').Single(d => d.Trim().StartsWith("script-src")));
        // Every inline script (Scalar's configuration) carries the policy's nonce; the rest come from this origin.
        var inline = InlineScript().Matches(html);
        Assert.NotEmpty(inline);
        Assert.All(inline, m => Assert.Contains($"nonce=\"{nonce}\"", m.Value));
        foreach (Match src in ScriptSource().Matches(html))
        {
            Assert.DoesNotContain("//", src.Groups[1].Value); // no CDN
            var script = await client.GetAsync(
                new Uri(new Uri(client.BaseAddress!, "/api/docs/"), src.Groups[1].Value)
            );
            Assert.Equal(HttpStatusCode.OK, script.StatusCode);
        }
        Assert.DoesNotContain("fonts.scalar.com", html);
        Assert.NotEqual(csp, second.Headers.GetValues("Content-Security-Policy").Single());
    }

    [Fact]
    public async Task Over_tls_the_answer_carries_hsts()
    {
        var client = factory.CreateClient(
            new WebApplicationFactoryClientOptions { BaseAddress = new Uri("https://localhost") }
        );

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

    [GeneratedRegex("<script[^>]*\\bsrc=\"([^\"]+)\"", RegexOptions.IgnoreCase)]
    private static partial Regex ScriptSource();

    [GeneratedRegex("'nonce-([^']+)'")]
    private static partial Regex NonceInPolicy();
}
