using Microsoft.Playwright;
using Xunit;

namespace ResumePair.WebApp.Tests;

/// <summary>
/// <c>/api/docs</c> (Scalar) in Chromium under the gateway's Content-Security-Policy: the reference renders the
/// documents service's operations, and the browser reports no blocked script, style, font or connection.
/// </summary>
[Collection(WebAppCollection.Name)]
public sealed class ApiReferenceTests(WebAppFixture fixture)
{
    [Fact]
    public async Task The_reference_renders_under_the_pages_policy_without_a_violation()
    {
        await using var session = await fixture.NewSessionAsync();
        var page = session.Page;
        var violations = new List<string>();
        page.Console += (_, m) =>
        {
            if (m.Text.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase)) violations.Add(m.Text);
        };

        var response = await page.GotoAsync(new Uri(fixture.GatewayUrl, "/api/docs").ToString());
        await page.GetByText("/api/v1/documents/{id}").First.WaitForAsync(new() { Timeout = 60_000 });
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);

        Assert.Equal(200, response!.Status);
        Assert.Contains("'nonce-", await response.HeaderValueAsync("content-security-policy") ?? "");
        Assert.True(violations.Count == 0, string.Join('\n', violations));
        Assert.True(session.ConsoleErrors.Count == 0, session.Diagnostics);
    }
}
