using System.Net;
using Microsoft.Playwright;
using Xunit;
using static ResumePair.WebApp.Tests.Steps;

namespace ResumePair.WebApp.Tests;

/// <summary>
/// A half-filled entry never stops the rest of the document from saving: it is kept on this device (and said so at
/// its field) until complete, while everything else saves; nothing typed is lost on a reload.
/// </summary>
[Collection(WebAppCollection.Name)]
public sealed class NeverBlockedTests(WebAppFixture fixture)
{
    [Theory]
    [InlineData(1400, 900)]
    [InlineData(390, 844)]
    public async Task An_empty_link_never_blocks_saving_and_everything_typed_survives_a_reload(int width, int height)
    {
        await using var session = await fixture.NewSessionAsync();
        var page = session.Page;
        await page.SetViewportSizeAsync(width, height);
        var docId = await SignUpWithNewResumeAsync(page, "Zoë Łukasiewicz-Núñez", fillName: false);
        await WaitForSavedAsync(page);

        var links = page.GetByRole(AriaRole.Region, new() { Name = "Links" });
        await links.GetByRole(AriaRole.Button, new() { Name = "Add link" }).ClickAsync();
        await page.WaitForTimeoutAsync(2500); // past the 2 s autosave debounce
        var status = page.Locator("[data-testid=sync-status]");
        Assert.NotEqual("failed", await status.GetAttributeAsync("data-status"));
        await Assertions.Expect(status).ToHaveAttributeAsync("data-status", "saved");

        // Keep typing elsewhere and in the link itself: all of it saves or is kept, nothing is "Not saved".
        await Input(page, "Headline").FillAsync("Staff engineer");
        await links.GetByRole(AriaRole.Textbox, new() { Name = "Label", Exact = true }).FillAsync("GitHub");
        await page.WaitForTimeoutAsync(2500);
        await WaitForSavedAsync(page);
        await Assertions.Expect(status).ToContainTextAsync("incomplete");
        // The incompleteness is said at the field the rules require (the URL), not at the label.
        await Assertions
            .Expect(links.GetByText("Kept on this device until complete: URL is required."))
            .ToBeVisibleAsync();
        Assert.Equal(0, await page.Locator(".field-error").CountAsync());

        using var api = await ApiFromPageAsync(page, fixture.GatewayUrl);
        var stored = await api.SendJsonAsync(HttpMethod.Get, $"/api/v1/documents/{docId}", null, HttpStatusCode.OK);
        Assert.Equal("Staff engineer", stored["data"]!["profile"]!["headline"]!.GetValue<string>());
        Assert.Empty(stored["data"]!["profile"]!["links"]!.AsArray());

        await page.ReloadAsync();
        await Assertions.Expect(Input(page, "Headline")).ToHaveValueAsync("Staff engineer");
        await Assertions
            .Expect(links.GetByRole(AriaRole.Textbox, new() { Name = "Label", Exact = true }))
            .ToHaveValueAsync("GitHub");

        await links
            .GetByRole(AriaRole.Textbox, new() { Name = "URL", Exact = true })
            .FillAsync("https://github.com/zoe");
        await page.WaitForTimeoutAsync(2100);
        await WaitForSavedAsync(page);
        await Assertions.Expect(status).ToHaveTextAsync("All changes saved");
        api.AccessToken = await AccessTokenAsync(page);
        stored = await api.SendJsonAsync(HttpMethod.Get, $"/api/v1/documents/{docId}", null, HttpStatusCode.OK);
        var link = stored["data"]!["profile"]!["links"]![0]!;
        Assert.Equal("GitHub", link["label"]!.GetValue<string>());
        Assert.Equal("https://github.com/zoe", link["url"]!.GetValue<string>());
        Assert.True(fixture.UnexpectedConsoleErrors(session).Count == 0, session.Diagnostics);
    }
}
