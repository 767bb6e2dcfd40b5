using System.IO.Compression;
using System.Net;
using System.Text.Json;
using Microsoft.Playwright;
using ResumePair.Testing.Topology;
using Xunit;
using static ResumePair.WebApp.Tests.Steps;

namespace ResumePair.WebApp.Tests;

[Collection(WebAppCollection.Name)]
public sealed class AccountSettingsTests(WebAppFixture fixture)
{
    private const string NewPassword = "another-Horse-battery-7";

    [Fact]
    public async Task Preferences_follow_the_account_to_another_device_and_dark_mode_applies()
    {
        await using var laptop = await fixture.NewSessionAsync();
        var email = await SignUpAsync(laptop.Page, "Christine Darden");
        await laptop.Page.GetByRole(AriaRole.Link, new() { Name = "Account" }).ClickAsync();
        var prefs = laptop.Page.GetByRole(AriaRole.Region, new() { Name = "Preferences" });
        await Assertions.Expect(prefs.GetByLabel("Theme")).ToBeEnabledAsync();
        await prefs.GetByLabel("Theme").SelectOptionAsync("dark");
        await Assertions.Expect(prefs.GetByRole(AriaRole.Status)).ToContainTextAsync("Preferences saved");
        await Assertions.Expect(laptop.Page.Locator("html")).ToHaveAttributeAsync("data-theme", "dark");
        await prefs.GetByLabel("Default template").SelectOptionAsync("compact");
        await prefs.GetByLabel("Default page size").SelectOptionAsync("Letter");
        await Assertions.Expect(prefs.GetByLabel("Default page size")).ToHaveValueAsync("Letter");
        await Assertions.Expect(prefs.GetByLabel("Default page size")).ToBeEnabledAsync();
        await fixture.ScreenshotAsync(laptop.Page, "account-dark");
        var background = await laptop.Page.EvaluateAsync<string>(
            "getComputedStyle(document.body.parentElement).backgroundColor"
        );
        Assert.Equal("rgb(17, 21, 27)", background);

        // A fresh browser (another device) signs in and gets the same theme and defaults from the server.
        await using var desktop = await fixture.NewSessionAsync();
        await SignInAsync(desktop.Page, email);
        await Assertions.Expect(desktop.Page.Locator("html")).ToHaveAttributeAsync("data-theme", "dark");
        await desktop.Page.GetByRole(AriaRole.Link, new() { Name = "Account" }).ClickAsync();
        var theirs = desktop.Page.GetByRole(AriaRole.Region, new() { Name = "Preferences" });
        await Assertions.Expect(theirs.GetByLabel("Default template")).ToHaveValueAsync("compact");
        await Assertions.Expect(theirs.GetByLabel("Default page size")).ToHaveValueAsync("Letter");
        await theirs.GetByLabel("Theme").SelectOptionAsync("light");
        await Assertions.Expect(desktop.Page.Locator("html")).ToHaveAttributeAsync("data-theme", "light");

        Assert.True(fixture.UnexpectedConsoleErrors(laptop).Count == 0, laptop.Diagnostics);
        Assert.True(fixture.UnexpectedConsoleErrors(desktop).Count == 0, desktop.Diagnostics);
    }

    [Fact]
    public async Task Password_and_email_change_after_reauthentication_and_the_old_address_is_told()
    {
        await using var session = await fixture.NewSessionAsync();
        var page = session.Page;
        var email = await SignUpAsync(page, "Melba Roy");
        await page.GetByRole(AriaRole.Link, new() { Name = "Account" }).ClickAsync();

        var password = page.GetByRole(AriaRole.Region, new() { Name = "Change password" });
        await password.GetByLabel("Current password").FillAsync("not-my-password-1");
        await password.GetByLabel("New password", new() { Exact = true }).FillAsync(NewPassword);
        await password.GetByLabel("Repeat the new password").FillAsync(NewPassword);
        await password.GetByRole(AriaRole.Button, new() { Name = "Change password" }).ClickAsync();
        await Assertions.Expect(password.GetByRole(AriaRole.Alert)).ToHaveTextAsync("The password is not correct.");
        await password.GetByLabel("Current password").FillAsync(Password);
        await password.GetByLabel("New password", new() { Exact = true }).FillAsync(NewPassword);
        await password.GetByLabel("Repeat the new password").FillAsync(NewPassword);
        await password.GetByRole(AriaRole.Button, new() { Name = "Change password" }).ClickAsync();
        await Assertions.Expect(password.GetByRole(AriaRole.Status)).ToContainTextAsync("Your password was changed");
        await MailAsync(fixture.Topology, email, "Your ResumePair password was changed");

        var newEmail = $"melba-{Guid.NewGuid():N}@example.com";
        var change = page.GetByRole(AriaRole.Region, new() { Name = "Change email address" });
        await change.GetByLabel("New email address").FillAsync(newEmail);
        await change.GetByLabel("Password").FillAsync(NewPassword);
        await change.GetByRole(AriaRole.Button, new() { Name = "Change email" }).ClickAsync();
        await Assertions
            .Expect(change.GetByRole(AriaRole.Status))
            .ToContainTextAsync($"Your email address is now {newEmail}");
        await Assertions.Expect(page.GetByRole(AriaRole.Banner)).ToContainTextAsync(newEmail);
        var told = await MailAsync(fixture.Topology, email, "Your ResumePair email address was changed");
        Assert.Contains(newEmail, told, StringComparison.Ordinal);
        await MailAsync(fixture.Topology, newEmail, "Confirm your email address");
        await fixture.ScreenshotAsync(page, "account-changed");

        // The new address and password sign in elsewhere; the old ones do not.
        await using var other = await fixture.NewSessionAsync();
        await other.Page.GotoAsync("/signin");
        await other.Page.GetByLabel("Email").FillAsync(email);
        await other.Page.GetByLabel("Password").FillAsync(Password);
        await other.Page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Assertions.Expect(other.Page.GetByRole(AriaRole.Alert)).ToHaveTextAsync("Wrong email or password.");
        await SignInAsync(other.Page, newEmail, NewPassword);

        // The failed re-authentication (400) and the failed sign-in (401) were the test's doing.
        Assert.True(
            fixture.UnexpectedConsoleErrors(session).Count(e => !e.Contains("status of 400", StringComparison.Ordinal))
                == 0,
            session.Diagnostics
        );
    }

    [Fact]
    public async Task Download_all_my_data_then_delete_the_account_through_the_mailed_link()
    {
        await using var session = await fixture.NewSessionAsync();
        var page = session.Page;
        var email = await SignUpAsync(page, "Evelyn Boyd Granville");
        await page.GetByRole(AriaRole.Button, new() { Name = "New resume" }).ClickAsync();
        await Input(page, "Full name").FillAsync("Evelyn Boyd Granville");
        await WaitForSavedAsync(page);
        var docId = page.Url.Split('/').Last();
        using var api = await ApiFromPageAsync(page, fixture.GatewayUrl);

        await page.GetByRole(AriaRole.Link, new() { Name = "Account" }).ClickAsync();
        var data = page.GetByRole(AriaRole.Region, new() { Name = "Your data" });
        var download = await page.RunAndWaitForDownloadAsync(() =>
            data.GetByRole(AriaRole.Button, new() { Name = "Download all my data" }).ClickAsync()
        );
        Assert.EndsWith(".zip", download.SuggestedFilename, StringComparison.Ordinal);
        using (var zip = ZipFile.OpenRead((await download.PathAsync())!))
        {
            using var account = JsonDocument.Parse(zip.GetEntry("account.json")!.Open());
            Assert.Equal(email, account.RootElement.GetProperty("email").GetString());
            using var document = JsonDocument.Parse(zip.GetEntry($"documents/{docId}.json")!.Open());
            Assert.Equal(
                "Evelyn Boyd Granville",
                document.RootElement.GetProperty("data").GetProperty("profile").GetProperty("name").GetString()
            );
        }

        var delete = page.GetByRole(AriaRole.Region, new() { Name = "Delete account" });
        await delete.GetByLabel("Password to confirm").FillAsync(Password);
        await delete.GetByRole(AriaRole.Button, new() { Name = "Delete my account…" }).ClickAsync();
        await Assertions.Expect(delete.GetByRole(AriaRole.Status)).ToContainTextAsync($"We sent a link to {email}");
        var token = await TokenFromMailboxAsync(
            fixture.Topology,
            email,
            "Confirm the deletion of your ResumePair account"
        );

        await page.GotoAsync($"/delete-account?token={Uri.EscapeDataString(token)}");
        await page.GetByRole(AriaRole.Button, new() { Name = "Delete my account now" }).ClickAsync();
        await Assertions
            .Expect(page.GetByRole(AriaRole.Status))
            .ToContainTextAsync("Your account and all its data were deleted");
        Assert.DoesNotContain("token=", page.Url, StringComparison.Ordinal);
        await MailAsync(fixture.Topology, email, "Your ResumePair account was deleted");
        await fixture.ScreenshotAsync(page, "account-deleted");

        // Gone: the document (its session ended with the account) and the sign-in.
        var status = (await api.SendAsync(HttpMethod.Get, $"/api/v1/documents/{docId}")).StatusCode;
        Assert.Contains(status, new[] { HttpStatusCode.Unauthorized, HttpStatusCode.NotFound });
        await page.GotoAsync("/signin");
        await page.GetByLabel("Email").FillAsync(email);
        await page.GetByLabel("Password").FillAsync(Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToHaveTextAsync("Wrong email or password.");
    }

    /// <summary>The body of the newest mail to <paramref name="to"/> whose subject is
    /// <paramref name="subject"/>.</summary>
    private static async Task<string> MailAsync(RunningTopology topology, string to, string subject)
    {
        using var client = new GatewayClient(topology.ServiceUrl("documents"));
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            var mails = await client.SendJsonAsync(
                HttpMethod.Get,
                $"/api/v1/dev/mailbox?to={Uri.EscapeDataString(to)}",
                null,
                HttpStatusCode.OK
            );
            var match = mails.AsArray().FirstOrDefault(m => m!["subject"]!.GetValue<string>() == subject);
            if (match is not null) return match["body"]!.GetValue<string>();
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"No mail '{subject}' to {to}: {mails.ToJsonString()}");
            await Task.Delay(300);
        }
    }
}
