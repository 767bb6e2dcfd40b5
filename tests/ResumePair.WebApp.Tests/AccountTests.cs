using System.Net;
using Microsoft.Playwright;
using ResumePair.Testing.Topology;
using Xunit;
using static ResumePair.WebApp.Tests.Steps;

namespace ResumePair.WebApp.Tests;

[Collection(WebAppCollection.Name)]
public sealed class AccountTests(WebAppFixture fixture)
{
    [Fact]
    public async Task Email_verification_and_password_reset_work_through_the_links_in_the_dev_mailbox()
    {
        await using var session = await fixture.NewSessionAsync();
        var page = session.Page;
        var email = await SignUpAsync(page, "Hedy Lamarr");

        // Unverified: a banner offers a new link (rate limited: the button counts down after a send).
        var banner = page.GetByRole(AriaRole.Region, new() { Name = "Email confirmation" });
        await Assertions.Expect(banner).ToContainTextAsync("Please confirm your email address");
        await banner.GetByRole(AriaRole.Button, new() { Name = "Resend link" }).ClickAsync();
        await Assertions.Expect(banner.GetByText("We sent a new link.")).ToBeVisibleAsync();
        await Assertions
            .Expect(banner.GetByRole(AriaRole.Button, new() { Name = "Resend link (" }))
            .ToBeDisabledAsync();

        // The link from the mail (its token) confirms the address.
        var verifyToken = await TokenFromMailboxAsync(fixture.Topology, email, "Confirm your email address");
        await page.GotoAsync($"/verify-email?token={Uri.EscapeDataString(verifyToken)}");
        await Assertions.Expect(page.GetByText("Your email address is confirmed.")).ToBeVisibleAsync();
        await fixture.ScreenshotAsync(page, "10-email-verified");
        await page.GetByRole(AriaRole.Link, new() { Name = "Go to your account" }).ClickAsync();
        await Assertions.Expect(page.GetByText("confirmed", new() { Exact = true })).ToBeVisibleAsync();
        await Assertions
            .Expect(page.GetByRole(AriaRole.Region, new() { Name = "Email confirmation" }))
            .ToBeHiddenAsync();

        // A used link says so.
        await page.GotoAsync($"/verify-email?token={Uri.EscapeDataString(verifyToken)}");
        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("invalid, already used or expired");

        // Forgot password → mail → reset page reading the token from the link → sign in with the new password.
        await page.GotoAsync("/account");
        await page.GetByRole(AriaRole.Banner).GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "Forgot your password?" }).ClickAsync();
        await page.GetByLabel("Email").FillAsync(email);
        await page.GetByRole(AriaRole.Button, new() { Name = "Send reset link" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("we have sent a link");
        var resetToken = await TokenFromMailboxAsync(fixture.Topology, email, "Reset your ResumePair password");
        await page.GotoAsync($"/reset-password?token={Uri.EscapeDataString(resetToken)}");
        await page.GetByLabel("New password", new() { Exact = true }).FillAsync("another-Horse-battery-7");
        await page.GetByLabel("Repeat the new password").FillAsync("another-Horse-battery-8");
        await page.GetByRole(AriaRole.Button, new() { Name = "Set new password" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToHaveTextAsync("The two passwords differ.");
        await page.GetByLabel("Repeat the new password").FillAsync("another-Horse-battery-7");
        await page.GetByRole(AriaRole.Button, new() { Name = "Set new password" }).ClickAsync();
        await Assertions.Expect(page.GetByText("Your password has been changed.")).ToBeVisibleAsync();
        Assert.DoesNotContain("token=", page.Url, StringComparison.Ordinal);
        await fixture.ScreenshotAsync(page, "11-password-reset");
        await page.GetByRole(AriaRole.Link, new() { Name = "Sign in with your new password" }).ClickAsync();
        await page.GetByLabel("Email").FillAsync(email);
        await page.GetByLabel("Password").FillAsync(Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToHaveTextAsync("Wrong email or password.");
        await SignInAsync(page, email, "another-Horse-battery-7");

        // The failed sign-in (401) and the used verification link (400) were the test's doing.
        var unexpected = fixture
            .UnexpectedConsoleErrors(session)
            .Where(e => !e.Contains("status of 401") && !e.Contains("status of 400"))
            .ToList();
        Assert.True(unexpected.Count == 0, session.Diagnostics);
    }

    [Fact]
    public async Task The_sessions_page_lists_devices_revokes_one_and_signs_out_everywhere()
    {
        await using var laptop = await fixture.NewSessionAsync();
        var email = await SignUpAsync(laptop.Page, "Radia Perlman");
        await using var phone = await fixture.NewSessionAsync();
        await SignInAsync(phone.Page, email);
        var phoneRefresh = await RefreshCookieAsync(phone.Page);

        await laptop.Page.GetByRole(AriaRole.Link, new() { Name = "Account" }).ClickAsync();
        var rows = laptop.Page.Locator("[data-testid=session-row]");
        await Assertions.Expect(rows).ToHaveCountAsync(2);
        await Assertions
            .Expect(laptop.Page.Locator("[data-testid=session-row][data-current=true]"))
            .ToContainTextAsync("this device");
        await Assertions.Expect(rows.First).ToContainTextAsync("Chrome on Linux");
        await fixture.ScreenshotAsync(laptop.Page, "12-sessions");

        // Revoke the other device: its refresh token dies (its next refresh answers 401).
        await laptop
            .Page.Locator("[data-testid=session-row][data-current=false]")
            .GetByRole(AriaRole.Button, new() { Name = "Revoke session" })
            .ClickAsync();
        await Assertions.Expect(rows).ToHaveCountAsync(1);
        using (var api = new GatewayClient(fixture.GatewayUrl))
        using (
            var refreshed = await api.SendAsync(
                HttpMethod.Post,
                "/api/v1/auth/refresh",
                new { refreshToken = phoneRefresh }
            )
        )
            Assert.Equal(HttpStatusCode.Unauthorized, refreshed.StatusCode);

        // Sign out everywhere: this device too.
        var laptopRefresh = await RefreshCookieAsync(laptop.Page);
        await laptop.Page.GetByRole(AriaRole.Button, new() { Name = "Sign out everywhere" }).ClickAsync();
        await laptop.Page.GetByRole(AriaRole.Heading, new() { Name = "Sign in" }).WaitForAsync();
        using (var api = new GatewayClient(fixture.GatewayUrl))
        using (
            var refreshed = await api.SendAsync(
                HttpMethod.Post,
                "/api/v1/auth/refresh",
                new { refreshToken = laptopRefresh }
            )
        )
            Assert.Equal(HttpStatusCode.Unauthorized, refreshed.StatusCode);

        Assert.True(fixture.UnexpectedConsoleErrors(laptop).Count == 0, laptop.Diagnostics);
    }
}
