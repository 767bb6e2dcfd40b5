using System.Net;
using Microsoft.Playwright;
using Xunit;

namespace ResumePair.WebApp.Tests;

[Collection(WebAppCollection.Name)]
public sealed class CollaborationTests(WebAppFixture fixture)
{
    private const string Password = "correct-Horse-battery-9";

    private static ILocator Input(IPage page, string name) =>
        page.GetByRole(AriaRole.Textbox, new() { Name = name, Exact = true });
    private static ILocator Status(IPage page) => page.Locator("[data-testid=sync-status]");

    [Fact]
    public async Task Two_browsers_on_a_resume_follow_each_other_over_SSE_and_a_stale_write_opens_the_conflict_dialog()
    {
        var email = $"web-{Guid.NewGuid():N}@example.com";
        await using var one = await fixture.NewSessionAsync();
        await one.Page.GotoAsync("/signup");
        await one.Page.GetByRole(AriaRole.Heading, new() { Name = "Create your account" }).WaitForAsync();
        await one.Page.GetByLabel("Name").FillAsync("Katherine Johnson");
        await one.Page.GetByLabel("Email").FillAsync(email);
        await one.Page.GetByLabel("Password").FillAsync(Password);
        await one.Page.GetByRole(AriaRole.Button, new() { Name = "Create account" }).ClickAsync();
        await one.Page.GetByRole(AriaRole.Button, new() { Name = "New resume" }).ClickAsync();
        await Input(one.Page, "Full name").WaitForAsync();
        var docPath = new Uri(one.Page.Url).AbsolutePath;

        await using var two = await fixture.NewSessionAsync();
        await two.Page.GotoAsync("/signin");
        await two.Page.GetByLabel("Email").FillAsync(email);
        await two.Page.GetByLabel("Password").FillAsync(Password);
        await two.Page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await two.Page.GetByRole(AriaRole.Heading, new() { Name = "Your documents" }).WaitForAsync();
        await two.Page.GotoAsync(docPath);
        await Input(two.Page, "Full name").WaitForAsync();

        // A change saved in one browser appears in the other (no local edits there) through the event stream.
        await Input(one.Page, "Headline").FillAsync("Mathematician");
        await Assertions
            .Expect(Status(one.Page))
            .ToHaveAttributeAsync("data-status", "saved", new() { Timeout = 30_000 });
        await Assertions
            .Expect(Input(two.Page, "Headline"))
            .ToHaveValueAsync("Mathematician", new() { Timeout = 20_000 });

        // Browser two edits while offline; browser one saves meanwhile; two's write is stale → conflict dialog.
        await two.Context.SetOfflineAsync(true);
        await Input(two.Page, "Document title").FillAsync("Title from two");
        await Assertions
            .Expect(Status(two.Page))
            .ToHaveAttributeAsync("data-status", "offline", new() { Timeout = 15_000 });
        await Input(one.Page, "Document title").FillAsync("Title from one");
        await Input(one.Page, "Location").FillAsync("Hampton");
        await Assertions
            .Expect(Status(one.Page))
            .ToHaveAttributeAsync("data-status", "saved", new() { Timeout = 30_000 });
        await two.Context.SetOfflineAsync(false);

        var dialog = two.Page.GetByRole(AriaRole.Dialog, new() { Name = "This document changed elsewhere" });
        await dialog.WaitForAsync(new() { Timeout = 30_000 });
        await Assertions.Expect(dialog.GetByText("Title from one")).ToBeVisibleAsync();
        await Assertions.Expect(dialog.GetByText("Title from two")).ToBeVisibleAsync();
        await fixture.ScreenshotAsync(two.Page, "07-conflict-dialog");

        // Field by field: keep my title, take their location.
        await dialog
            .GetByRole(AriaRole.Radio, new() { Name = "Use their value for data.profile.location" })
            .CheckAsync();
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Merge selected" }).ClickAsync();
        await Assertions.Expect(dialog).ToBeHiddenAsync();
        await Assertions
            .Expect(Status(two.Page))
            .ToHaveAttributeAsync("data-status", "saved", new() { Timeout = 30_000 });

        using var api = new ResumePair.Testing.Topology.GatewayClient(fixture.GatewayUrl);
        await api.SendJsonAsync(
                HttpMethod.Post,
                "/api/v1/auth/login",
                new { email, password = Password },
                HttpStatusCode.OK
            )
            .ContinueWith(t => api.AccessToken = t.Result["accessToken"]!.GetValue<string>());
        var doc = await api.SendJsonAsync(
            HttpMethod.Get,
            "/api/v1/documents/" + docPath.Split('/').Last(),
            null,
            HttpStatusCode.OK
        );
        Assert.Equal("Title from two", doc["title"]!.GetValue<string>());
        Assert.Equal("Hampton", doc["data"]!["profile"]!["location"]!.GetValue<string>());
        Assert.Equal("Mathematician", doc["data"]!["profile"]!["headline"]!.GetValue<string>());

        // …and browser one follows the merged result.
        await Assertions
            .Expect(Input(one.Page, "Document title"))
            .ToHaveValueAsync("Title from two", new() { Timeout = 20_000 });

        foreach (var s in new[] { one, two })
            Assert.True(fixture.UnexpectedConsoleErrors(s, networkFailuresExpected: true).Count == 0, s.Diagnostics);
    }

    [Fact]
    public async Task The_document_list_creates_renames_duplicates_trashes_and_restores()
    {
        await using var session = await fixture.NewSessionAsync();
        var page = session.Page;
        await page.GotoAsync("/signup");
        await page.GetByRole(AriaRole.Heading, new() { Name = "Create your account" }).WaitForAsync();
        await page.GetByLabel("Name").FillAsync("Dorothy Vaughan");
        await page.GetByLabel("Email").FillAsync($"web-{Guid.NewGuid():N}@example.com");
        await page.GetByLabel("Password").FillAsync(Password);
        await page.Keyboard.PressAsync("Enter"); // keyboard submits the form
        await page.GetByRole(AriaRole.Heading, new() { Name = "Your documents" }).WaitForAsync();

        await page.GetByRole(AriaRole.Button, new() { Name = "New cover letter" }).ClickAsync();
        await Input(page, "Subject").WaitForAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "← Documents" }).ClickAsync();
        await Assertions
            .Expect(page.GetByRole(AriaRole.Link, new() { Name = "Untitled cover letter" }))
            .ToBeVisibleAsync();

        await page.GetByRole(AriaRole.Button, new() { Name = "Rename Untitled cover letter" }).ClickAsync();
        var rename = page.GetByLabel("New title for Untitled cover letter");
        await rename.FillAsync("Letter to NASA");
        await rename.PressAsync("Enter");
        await Assertions
            .Expect(page.GetByRole(AriaRole.Link, new() { Name = "Letter to NASA", Exact = true }))
            .ToBeVisibleAsync();

        await page.GetByRole(AriaRole.Button, new() { Name = "Duplicate Letter to NASA" }).ClickAsync();
        await Assertions
            .Expect(page.GetByRole(AriaRole.Link, new() { Name = "Letter to NASA (copy)" }))
            .ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Move Letter to NASA (copy) to trash" }).ClickAsync();
        await Assertions
            .Expect(page.GetByRole(AriaRole.Link, new() { Name = "Letter to NASA (copy)" }))
            .ToBeHiddenAsync();
        await page.GetByRole(AriaRole.Navigation).GetByRole(AriaRole.Link, new() { Name = "Trash" }).ClickAsync();
        await page.GetByRole(AriaRole.Heading, new() { Name = "Trash" }).WaitForAsync();
        await fixture.ScreenshotAsync(page, "08-documents-trash");
        await page.GetByRole(AriaRole.Button, new() { Name = "Restore “Letter to NASA (copy)”" }).ClickAsync();
        await page.GetByRole(AriaRole.Navigation).GetByRole(AriaRole.Link, new() { Name = "Documents" }).ClickAsync();
        await Assertions
            .Expect(page.GetByRole(AriaRole.Link, new() { Name = "Letter to NASA (copy)" }))
            .ToBeVisibleAsync();

        // The server agrees after a reload.
        await page.ReloadAsync();
        await Assertions
            .Expect(page.GetByRole(AriaRole.Link, new() { Name = "Letter to NASA", Exact = true }))
            .ToBeVisibleAsync();
        await Assertions
            .Expect(page.GetByRole(AriaRole.Link, new() { Name = "Letter to NASA (copy)" }))
            .ToBeVisibleAsync();
        Assert.True(fixture.UnexpectedConsoleErrors(session).Count == 0, session.Diagnostics);
    }
}
