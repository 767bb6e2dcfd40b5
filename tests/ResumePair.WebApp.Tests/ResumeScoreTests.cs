using Microsoft.Playwright;
using Xunit;
using static ResumePair.WebApp.Tests.Steps;

namespace ResumePair.WebApp.Tests;

[Collection(WebAppCollection.Name)]
public sealed class ResumeScoreTests(WebAppFixture fixture)
{
    [Fact]
    public async Task The_score_shows_reasons_that_link_to_their_fields_and_rises_when_one_is_fixed()
    {
        await using var session = await fixture.NewSessionAsync();
        var page = session.Page;
        await SignUpAsync(page, "Mary Jackson");
        await page.GetByRole(AriaRole.Button, new() { Name = "New resume" }).ClickAsync();
        await Input(page, "Full name").FillAsync("Mary Jackson");
        await Input(page, "Email").FillAsync("mary@example.com");
        await WaitForSavedAsync(page);

        var panel = page.GetByRole(AriaRole.Region, new() { Name = "Resume score" });
        var value = panel.Locator("[data-testid=score-value]");
        // Name 3 + email 4 (contact), length 4 + 3, ATS 13 (no work to misdate, no headline): the saved version's
        // score.
        await Assertions.Expect(value).ToHaveTextAsync("27 / 100", new() { Timeout = 30_000 });
        var reasons = panel.GetByRole(AriaRole.List, new() { Name = "To improve" });
        await Assertions.Expect(reasons.Locator("[data-reason='contact.phone']")).ToHaveCountAsync(1);
        await Assertions.Expect(reasons.Locator("[data-reason='sections.work']")).ToHaveCountAsync(1);
        await Assertions.Expect(reasons.Locator("[data-reason='contact.email']")).ToHaveCountAsync(0);
        await fixture.ScreenshotAsync(page, "score-panel");

        // The reason's link puts the cursor in its field; filling it earns the points on the next score.
        await reasons.GetByRole(AriaRole.Button, new() { Name = "Add a phone number." }).ClickAsync();
        await Assertions.Expect(Input(page, "Phone")).ToBeFocusedAsync();
        await Input(page, "Phone").FillAsync("+1 757 555 0100");
        await WaitForSavedAsync(page);
        await Assertions.Expect(value).ToHaveTextAsync("30 / 100", new() { Timeout = 30_000 }); // the phone's 3 points
        await Assertions.Expect(reasons.Locator("[data-reason='contact.phone']")).ToHaveCountAsync(0);

        // A reason inside a list entry opens that entry first.
        var work = page.GetByRole(AriaRole.Region, new() { Name = "Work experience" });
        await work.GetByRole(AriaRole.Button, new() { Name = "Add position" }).ClickAsync();
        await work.GetByRole(AriaRole.Textbox, new() { Name = "Position", Exact = true }).FillAsync("Engineer");
        await work.GetByRole(AriaRole.Textbox, new() { Name = "Company", Exact = true }).FillAsync("NACA");
        await work.GetByRole(AriaRole.Textbox, new() { Name = "Start date", Exact = true }).FillAsync("1951");
        await work.GetByRole(AriaRole.Textbox, new() { Name = "Highlights" })
            .FillAsync("Responsible for wind tunnel tests");
        await WaitForSavedAsync(page);
        var weak = reasons.Locator("[data-reason='verbs.weak']");
        await Assertions.Expect(weak).ToHaveCountAsync(1, new() { Timeout = 30_000 });
        await work.Locator(".entry-toggle").First.ClickAsync(); // close the entry
        await Assertions.Expect(work.GetByRole(AriaRole.Textbox, new() { Name = "Highlights" })).ToHaveCountAsync(0);
        await weak.GetByRole(AriaRole.Button).ClickAsync();
        await Assertions.Expect(work.GetByRole(AriaRole.Textbox, new() { Name = "Highlights" })).ToBeFocusedAsync();

        Assert.True(fixture.UnexpectedConsoleErrors(session).Count == 0, session.Diagnostics);
    }

    [Fact]
    public async Task Regenerate_asks_again_past_both_answer_caches()
    {
        await using var session = await fixture.NewSessionAsync();
        var page = session.Page;
        await SignUpAsync(page, "Annie Easley");
        await page.GetByRole(AriaRole.Button, new() { Name = "New resume" }).ClickAsync();
        await Input(page, "Full name").FillAsync("Annie Easley");
        await WaitForSavedAsync(page);

        var ai = page.GetByRole(AriaRole.Region, new() { Name = "AI assistant" });
        await ai.GetByRole(AriaRole.Tab, new() { Name = "Draft" }).ClickAsync();
        await ai.GetByLabel("What to draft").FillAsync("a summary for a rocket software engineer");
        var first = await page.RunAndWaitForResponseAsync(
            () => ai.GetByRole(AriaRole.Button, new() { Name = "Generate draft" }).ClickAsync(),
            r => r.Url.Contains("/api/v1/ai/generate", StringComparison.Ordinal));
        Assert.DoesNotContain("fresh=", first.Url, StringComparison.Ordinal);
        await Assertions.Expect(ai.Locator("[data-testid=ai-output]")).Not.ToBeEmptyAsync();

        var regenerated = await page.RunAndWaitForResponseAsync(
            () => ai.GetByRole(AriaRole.Button, new() { Name = "Regenerate" }).ClickAsync(),
            r => r.Url.Contains("/api/v1/ai/generate?fresh=true", StringComparison.Ordinal));
        Assert.Equal(200, regenerated.Status);
        Assert.Equal("bypass", await regenerated.HeaderValueAsync("x-ai-cache"));
        await Assertions.Expect(ai.GetByRole(AriaRole.Button, new() { Name = "Regenerate" })).ToBeEnabledAsync();

        Assert.True(fixture.UnexpectedConsoleErrors(session).Count == 0, session.Diagnostics);
    }
}
