using Microsoft.Playwright;
using Xunit;
using static ResumePair.WebApp.Tests.Steps;

namespace ResumePair.WebApp.Tests;

/// <summary>
/// Where the web app keeps its credentials, checked in Chromium over the gateway's plain http on 127.0.0.1: no token
/// in localStorage or in document.cookie; the refresh token is an HttpOnly, Secure, SameSite=Strict cookie for the
/// refresh route only (Chromium keeps Secure cookies from http://127.0.0.1), and a reload signs in again from it.
/// </summary>
[Collection(WebAppCollection.Name)]
public sealed class TokenStorageTests(WebAppFixture fixture)
{
    [Fact]
    public async Task Tokens_stay_out_of_script_reach_and_a_reload_signs_in_from_the_cookie()
    {
        await using var session = await fixture.NewSessionAsync();
        var page = session.Page;
        await SignUpAsync(page, "Grace Hopper");

        var stored = await page.EvaluateAsync<string>("() => JSON.stringify(Object.assign({}, localStorage))");
        Assert.DoesNotContain("accessToken", stored);
        Assert.DoesNotContain("refreshToken", stored);
        Assert.DoesNotContain("eyJ", stored); // no JWT under any name
        Assert.DoesNotContain("rp_refresh", await page.EvaluateAsync<string>("() => document.cookie"));

        var cookie = (await page.Context.CookiesAsync()).Single(c => c.Name == "rp_refresh");
        Assert.True(cookie.HttpOnly);
        Assert.True(cookie.Secure);
        Assert.Equal(SameSiteAttribute.Strict, cookie.SameSite);
        Assert.Equal("/api/v1/auth/refresh", cookie.Path);

        await page.ReloadAsync();
        await page.GetByRole(AriaRole.Heading, new() { Name = "Your documents" }).WaitForAsync();
        Assert.NotEqual(cookie.Value, await RefreshCookieAsync(page)); // the reload rotated it

        await page.GetByRole(AriaRole.Banner).GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        await page.GetByRole(AriaRole.Heading, new() { Name = "Sign in" }).WaitForAsync();
        Assert.DoesNotContain(await page.Context.CookiesAsync(), c => c.Name == "rp_refresh" && c.Value.Length > 0);
        await page.ReloadAsync();
        await page.GetByRole(AriaRole.Heading, new() { Name = "Sign in" }).WaitForAsync();
    }
}
