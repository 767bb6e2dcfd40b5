using Microsoft.Playwright;
using Xunit;
using static ResumePair.WebApp.Tests.Steps;

namespace ResumePair.WebApp.Tests;

/// <summary>
/// WCAG 2.2 AA as axe-core (npm, run in the page) checks it: no serious or critical violation on any screen, on a
/// desktop and a phone viewport; and the keyboard reaches the side panels in a few key presses.
/// </summary>
[Collection(WebAppCollection.Name)]
public sealed class AccessibilityTests(WebAppFixture fixture)
{

    [Theory]
    [InlineData(1400, 900)]
    [InlineData(390, 844)]
    public async Task Every_screen_has_no_serious_or_critical_axe_violations(int width, int height)
    {
        await using var session = await fixture.NewSessionAsync();
        var page = session.Page;
        await page.SetViewportSizeAsync(width, height);
        var report = new List<string>();

        await page.GotoAsync("/signin");
        await page.GetByRole(AriaRole.Heading, new() { Name = "Sign in" }).WaitForAsync();
        report.AddRange(await ViolationsAsync(page, "sign-in"));
        await page.GotoAsync("/signup");
        await page.GetByRole(AriaRole.Heading, new() { Name = "Create your account" }).WaitForAsync();
        report.AddRange(await ViolationsAsync(page, "sign-up"));
        await page.GotoAsync("/forgot-password");
        report.AddRange(await ViolationsAsync(page, "forgot-password"));

        await SignUpAsync(page, "Axe Tester");
        report.AddRange(await ViolationsAsync(page, "documents-empty"));
        await page.GetByRole(AriaRole.Button, new() { Name = "New resume" }).ClickAsync();
        await Input(page, "Full name").WaitForAsync();
        var work = page.GetByRole(AriaRole.Region, new() { Name = "Work experience" });
        await work.GetByRole(AriaRole.Button, new() { Name = "Add position" }).ClickAsync();
        await work.GetByRole(AriaRole.Textbox, new() { Name = "Position", Exact = true }).FillAsync("Engineer");
        await work.GetByRole(AriaRole.Textbox, new() { Name = "Highlights" }).FillAsync("worked on the app");
        if (width < 900) await page.GetByRole(AriaRole.Button, new() { Name = "Preview", Exact = true }).ClickAsync();
        try
        {
            await page.Locator("#preview[data-page-count]:not([data-page-count=''])")
                .WaitForAsync(new() { State = WaitForSelectorState.Attached, Timeout = 60_000 });
        }
        catch (TimeoutException)
        {
            await fixture.ScreenshotAsync(page, $"axe-preview-timeout-{width}");
            throw new TimeoutException("the preview laid out no pages: " + session.Diagnostics);
        }
        await WaitForSavedAsync(page);
        report.AddRange(await ViolationsAsync(page, width < 900 ? "editor-phone-preview" : "editor"));
        if (width < 900)
        {
            await page.GetByRole(AriaRole.Button, new() { Name = "Edit", Exact = true }).ClickAsync();
            report.AddRange(await ViolationsAsync(page, "editor-phone-edit"));
        }
        foreach (
            var (path, name) in new[]
            {
                ("/", "documents"),
                ("/exports", "exports"),
                ("/account", "account"),
                ("/trash", "trash"),
                ("/ops", "ops-refused"),
            }
        )
        {
            await page.GotoAsync(path);
            await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
            if (name == "ops-refused")
            {
                // A non-admin sees the refusal and nothing else: no empty lists, no skeletons.
                await Assertions
                    .Expect(page.GetByRole(AriaRole.Alert))
                    .ToContainTextAsync("Only operators can see operations");
                Assert.Equal(
                    0,
                    await page.GetByRole(AriaRole.Heading, new() { Name = "Dead-letter list" }).CountAsync()
                );
                Assert.Equal(0, await page.Locator(".skeleton").CountAsync());
            }
            report.AddRange(await ViolationsAsync(page, name));
        }
        Assert.True(report.Count == 0, string.Join('\n', report));
    }

    [Fact]
    public async Task The_keyboard_reaches_preview_ai_and_export_in_a_few_key_presses()
    {
        await using var session = await fixture.NewSessionAsync();
        var page = session.Page;
        await SignUpWithNewResumeAsync(page, "Key Board", fillName: false);
        foreach (
            var (link, region) in new[] { ("Export", "Export PDF"), ("AI", "AI assistant"), ("Preview", "Preview") }
        )
        {
            await page.ReloadAsync(); // Tab from the top of the page each time
            await Input(page, "Full name").WaitForAsync();
            var presses = 0;
            while (
                presses < 15
                && await page.EvaluateAsync<string>("() => document.activeElement?.textContent ?? ''") != link
            )
            {
                await page.Keyboard.PressAsync("Tab");
                presses++;
            }
            Assert.True(presses < 15, $"{link} not reached in 15 Tab presses");
            await page.Keyboard.PressAsync("Enter");
            var focused = page.Locator("section:focus");
            await Assertions.Expect(focused).ToHaveCountAsync(1);
            var heading = await focused.EvaluateAsync<string>(
                "s => document.getElementById(s.getAttribute('aria-labelledby'))?.textContent ?? ''"
            );
            Assert.Equal(region, heading);
        }
        // Adding an entry puts focus in its first field; removing it returns focus to the section.
        var links = page.GetByRole(AriaRole.Region, new() { Name = "Links" });
        await links.GetByRole(AriaRole.Button, new() { Name = "Add link" }).ClickAsync();
        Assert.Equal(
            "Label",
            await page.EvaluateAsync<string>("() => document.activeElement?.labels?.[0]?.textContent ?? ''")
        );
        await links.GetByRole(AriaRole.Button, new() { Name = "Remove link 1" }).ClickAsync();
        Assert.Equal("Add link", await page.EvaluateAsync<string>("() => document.activeElement?.textContent ?? ''"));
        // Links inside the preview are out of the Tab order.
        Assert.Equal(-1, await page.Locator("[data-testid=preview-frame]").EvaluateAsync<int>("f => f.tabIndex"));
    }

    private Task<IReadOnlyList<string>> ViolationsAsync(IPage page, string screen) =>
        Axe.ViolationsAsync(fixture, page, screen);
}
