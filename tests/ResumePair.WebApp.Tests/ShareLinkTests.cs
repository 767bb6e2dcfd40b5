using System.Diagnostics;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Xunit;
using static ResumePair.WebApp.Tests.Steps;

namespace ResumePair.WebApp.Tests;

/// <summary>
/// Public links on the real topology: the owner publishes in the editor, a separate anonymous browser context (no
/// session, no storage) opens /r/{slug} through the gateway, downloads the PDF, and the owner's panel counts it.
/// </summary>
[Collection(WebAppCollection.Name)]
public sealed class ShareLinkTests(WebAppFixture fixture)
{
    [Fact]
    public async Task Published_resume_opens_anonymously_downloads_its_pdf_is_counted_and_404s_once_unpublished()
    {
        await using var owner = await fixture.NewSessionAsync();
        var page = owner.Page;
        await SignUpWithNewResumeAsync(page, "Grace Hopper");
        await Input(page, "Headline").FillAsync("Computer scientist and rear admiral");
        await WaitForSavedAsync(page);

        var panel = page.GetByRole(AriaRole.Region, new() { Name = "Share link" });
        await panel.GetByRole(AriaRole.Button, new() { Name = "Publish link" }).ClickAsync();
        var link = panel.GetByTestId("share-url");
        await Assertions.Expect(link).ToHaveAttributeAsync("href", new Regex("^/r/[A-Za-z0-9_-]{12}$"));
        var path = (await link.GetAttributeAsync("href"))!;
        await Assertions.Expect(panel.GetByTestId("share-views")).ToHaveTextAsync("0");

        // A visitor: another browser context, signed out, with a phone's screen.
        await using var visitor = await NewVisitorAsync(phone: true);
        var response = await visitor.Page.GotoAsync(path);
        Assert.Equal(200, response!.Status);
        Assert.Equal("noindex, nofollow", await response.HeaderValueAsync("x-robots-tag"));
        await Assertions.Expect(visitor.Page.Locator("body")).ToContainTextAsync("Grace Hopper");
        await Assertions
            .Expect(visitor.Page.Locator("meta[name=robots]"))
            .ToHaveAttributeAsync("content", "noindex, nofollow");
        await Assertions
            .Expect(visitor.Page.Locator("meta[property='og:title']"))
            .ToHaveAttributeAsync("content", new Regex("."));
        await Assertions.Expect(visitor.Page.Locator("meta[property='og:description']"))
            .ToHaveAttributeAsync("content", new Regex("Computer scientist and rear admiral"));
        // Responsive: the page fits the phone's width (no sideways scrolling).
        var overflow = await visitor.Page.EvaluateAsync<int>(
            "() => document.documentElement.scrollWidth - window.innerWidth"
        );
        Assert.True(overflow <= 1, $"the page is {overflow}px wider than the phone's screen");
        await fixture.ScreenshotAsync(visitor.Page, "share-page-phone");

        var download = await visitor.Page.RunAndWaitForDownloadAsync(
            () => visitor.Page.GetByRole(AriaRole.Link, new() { Name = "Download PDF" }).ClickAsync(),
            new() { Timeout = 120_000 }
        );
        var pdf = (await download.PathAsync())!;
        Assert.Equal("%PDF-"u8.ToArray(), (await File.ReadAllBytesAsync(pdf))[..5]);
        Assert.Contains("Grace Hopper", await RunAsync("pdftotext", pdf, "-"));

        // The owner sees exactly one view and one download.
        await panel.GetByRole(AriaRole.Button, new() { Name = "Refresh" }).ClickAsync();
        await Assertions.Expect(panel.GetByTestId("share-views")).ToHaveTextAsync("1");
        await Assertions.Expect(panel.GetByTestId("share-downloads")).ToHaveTextAsync("1");

        // A second visitor's download is the same file: the export engine reused the render.
        await using var second = await NewVisitorAsync(phone: false);
        var again = await second.Context.APIRequest.GetAsync(path + "/pdf");
        Assert.Equal(200, again.Status);
        Assert.Equal(await File.ReadAllBytesAsync(pdf), await again.BodyAsync());

        // A new address: the old link is a 404 at once.
        await panel.GetByRole(AriaRole.Button, new() { Name = "New link" }).ClickAsync();
        await Assertions.Expect(link).Not.ToHaveAttributeAsync("href", path);
        Assert.Equal(404, (await visitor.Page.GotoAsync(path))!.Status);
        var rotated = (await link.GetAttributeAsync("href"))!;
        Assert.Equal(200, (await visitor.Page.GotoAsync(rotated))!.Status);

        // Unpublished: 404 for everyone.
        await panel.GetByRole(AriaRole.Button, new() { Name = "Unpublish" }).ClickAsync();
        await Assertions.Expect(panel.GetByRole(AriaRole.Button, new() { Name = "Publish link" })).ToBeVisibleAsync();
        var gone = await visitor.Page.GotoAsync(rotated);
        Assert.Equal(404, gone!.Status);
        await Assertions.Expect(visitor.Page.GetByRole(AriaRole.Heading)).ToHaveTextAsync("This link does not work");
        Assert.Empty(fixture.UnexpectedConsoleErrors(owner));
    }

    [Fact]
    public async Task A_password_protected_link_refuses_without_the_password_and_opens_with_it()
    {
        await using var owner = await fixture.NewSessionAsync();
        var page = owner.Page;
        await SignUpWithNewResumeAsync(page, "Ada Lovelace");
        await WaitForSavedAsync(page);
        var panel = page.GetByRole(AriaRole.Region, new() { Name = "Share link" });
        await panel.GetByRole(AriaRole.Button, new() { Name = "Publish link" }).ClickAsync();
        await panel.GetByLabel("Password").FillAsync("analytical engine");
        await panel.GetByRole(AriaRole.Button, new() { Name = "Set password" }).ClickAsync();
        await Assertions.Expect(panel.GetByTestId("share-protection")).ToHaveTextAsync("Protected by a password.");
        var path = (await panel.GetByTestId("share-url").GetAttributeAsync("href"))!;

        await using var visitor = await NewVisitorAsync(phone: false);
        var refused = await visitor.Page.GotoAsync(path);
        Assert.Equal(401, refused!.Status);
        Assert.DoesNotContain("Ada Lovelace", await visitor.Page.ContentAsync());
        Assert.Equal(401, (await visitor.Context.APIRequest.GetAsync(path + "/pdf")).Status);

        await visitor.Page.GetByLabel("Password").FillAsync("difference engine");
        await visitor.Page.GetByRole(AriaRole.Button, new() { Name = "Open" }).ClickAsync();
        await Assertions.Expect(visitor.Page.GetByRole(AriaRole.Alert)).ToHaveTextAsync("That password is not right.");

        await visitor.Page.GetByLabel("Password").FillAsync("analytical engine");
        var opened = await visitor.Page.RunAndWaitForResponseAsync(
            () => visitor.Page.GetByRole(AriaRole.Button, new() { Name = "Open" }).ClickAsync(),
            r => r.Request.Method == "GET" && r.Url.EndsWith(path, StringComparison.Ordinal));
        Assert.Equal(200, opened.Status);
        await Assertions.Expect(visitor.Page.Locator("body")).ToContainTextAsync("Ada Lovelace");
    }

    private async Task<BrowserSession> NewVisitorAsync(bool phone)
    {
        var context = await fixture.Browser.NewContextAsync(
            new BrowserNewContextOptions
            {
                BaseURL = fixture.GatewayUrl.ToString().TrimEnd('/'),
                ViewportSize = phone
                    ? new ViewportSize { Width = 390, Height = 844 }
                    : new ViewportSize { Width = 1280, Height = 900 },
                IsMobile = phone,
                AcceptDownloads = true,
            }
        );
        context.SetDefaultTimeout(60_000);
        return new BrowserSession(context, await context.NewPageAsync());
    }

    private static async Task<string> RunAsync(string file, params string[] args)
    {
        var info = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args) info.ArgumentList.Add(a);
        using var process = Process.Start(info)!;
        var output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        return output;
    }
}
