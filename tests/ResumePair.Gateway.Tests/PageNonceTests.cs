using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Xunit;

namespace ResumePair.Gateway.Tests;

/// <summary>
/// The web app's page allows no inline script except with a nonce fresh for each response, stamped into the page for
/// the editor's preview frame (an srcdoc frame inherits the page's policy).
/// </summary>
public sealed partial class PageNonceTests : IDisposable
{
    private readonly string _webRoot = Directory.CreateTempSubdirectory("rp-webroot-").FullName;
    private readonly GatewayHttpTests.GatewayFactory _factory;

    public PageNonceTests()
    {
        File.WriteAllText(
            Path.Combine(_webRoot, "index.html"),
            "<!doctype html><html><head><title>t</title><script type=\"module\" "
                + "src=\"/assets/a.js\"></script></head><body></body></html>"
        );
        _factory = new GatewayHttpTests.GatewayFactory();
    }

    [Theory]
    [InlineData("/")]
    [InlineData("/documents/5f0c8d5e-0000-0000-0000-000000000000")]
    public async Task Each_page_answer_has_its_own_nonce_in_the_policy_and_in_the_page(string path)
    {
        var client = _factory.WithWebHostBuilder(w => w.UseWebRoot(_webRoot)).CreateClient();

        var nonces = new List<string>();
        for (var i = 0; i < 2; i++)
        {
            var response = await client.GetAsync(path);
            var html = await response.Content.ReadAsStringAsync();
            var policy = response.Headers.GetValues("Content-Security-Policy").Single();
            var inPage = MetaNonce().Match(html).Groups[1].Value;
            Assert.Matches("script-src 'self' 'nonce-[A-Za-z0-9+/=]{24}';", policy);
            Assert.Contains($"'nonce-{inPage}'", policy);
            Assert.DoesNotContain("unsafe-inline'; img", policy.Replace("style-src 'self' 'unsafe-inline'", ""));
            nonces.Add(inPage);
        }
        Assert.NotEqual(nonces[0], nonces[1]);
    }

    [GeneratedRegex("<meta name=\"rp-csp-nonce\" content=\"([^\"]+)\">")]
    private static partial Regex MetaNonce();

    public void Dispose()
    {
        _factory.Dispose();
        Directory.Delete(_webRoot, recursive: true);
    }
}
