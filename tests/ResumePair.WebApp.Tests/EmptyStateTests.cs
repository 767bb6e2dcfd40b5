using Microsoft.Playwright;
using Xunit;
using static ResumePair.WebApp.Tests.Steps;

namespace ResumePair.WebApp.Tests;

/// <summary>A new account's documents page offers the template gallery and a sample resume that opens filled
/// in.</summary>
[Collection(WebAppCollection.Name)]
public sealed class EmptyStateTests(WebAppFixture fixture)
{
    [Fact]
    public async Task The_empty_documents_page_offers_templates_and_a_sample_resume()
    {
        await using var session = await fixture.NewSessionAsync();
        var page = session.Page;
        await SignUpAsync(page, "New Person");
        var gallery = page.GetByRole(AriaRole.List, new() { Name = "Templates" });
        await Assertions.Expect(gallery.GetByRole(AriaRole.Button)).Not.ToHaveCountAsync(0);
        await Assertions.Expect(gallery.Locator("img").First).ToHaveJSPropertyAsync("complete", true);
        await fixture.ScreenshotAsync(page, "documents-empty-gallery");

        // A template from the gallery starts a new resume printed with it.
        var second = gallery.GetByRole(AriaRole.Button).Nth(1);
        var name = (await second.InnerTextAsync()).Trim();
        await second.ClickAsync();
        await Input(page, "Full name").WaitForAsync();
        await Assertions.Expect(page.GetByTestId("current-template")).ToHaveTextAsync(name);
        using var api = await ApiFromPageAsync(page, fixture.GatewayUrl);
        using (var deleted = await api.SendAsync(HttpMethod.Delete, $"/api/v1/documents/{page.Url.Split('/').Last()}"))
            Assert.True(deleted.IsSuccessStatusCode, $"{deleted.StatusCode}");

        await page.GotoAsync("/");
        await page.GetByRole(AriaRole.Button, new() { Name = "Start from a sample resume" }).ClickAsync();
        await Assertions.Expect(Input(page, "Full name")).ToHaveValueAsync("New Person");
        await Assertions
            .Expect(page.Locator("#preview"))
            .Not.ToHaveAttributeAsync("data-page-count", "", new() { Timeout = 30_000 });
        await Assertions
            .Expect(page.FrameLocator("[data-testid=preview-frame]").GetByText("Acme Pay").First)
            .ToBeVisibleAsync();
        Assert.True(fixture.UnexpectedConsoleErrors(session).Count == 0, session.Diagnostics);
    }
}
