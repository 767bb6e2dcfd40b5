using System.Net;
using Microsoft.Playwright;
using Xunit;
using static ResumePair.WebApp.Tests.Steps;

namespace ResumePair.WebApp.Tests;

/// <summary>The account's plan where the account and the AI quota are shown; the editor's checks follow the served
/// rules.</summary>
[Collection(WebAppCollection.Name)]
public sealed class PlanAndRulesTests(WebAppFixture fixture)
{
    [Fact]
    public async Task The_plan_is_shown_in_the_header_on_the_account_page_and_with_the_AI_quota()
    {
        await using var session = await fixture.NewSessionAsync();
        var page = session.Page;
        await SignUpAsync(page, "Frances Allen");
        using var api = await ApiFromPageAsync(page, fixture.GatewayUrl);
        Assert.Equal(
            "free",
            (await api.SendJsonAsync(HttpMethod.Get, "/api/v1/auth/me", null, HttpStatusCode.OK))[
                "plan"
            ]!.GetValue<string>()
        );

        await Assertions.Expect(page.Locator("[data-testid=plan-badge]")).ToHaveTextAsync("Free plan");
        await page.GetByRole(AriaRole.Link, new() { Name = "Account" }).ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=account-plan]")).ToHaveTextAsync("Free plan");
        await fixture.ScreenshotAsync(page, "30-account-plan");

        await page.GetByRole(AriaRole.Link, new() { Name = "Documents" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "New resume" }).ClickAsync();
        var ai = page.GetByRole(AriaRole.Region, new() { Name = "AI assistant" });
        await Assertions
            .Expect(ai.Locator("[data-testid=ai-remaining]"))
            .ToContainTextAsync("AI requests left today (Free plan)");
        Assert.True(fixture.UnexpectedConsoleErrors(session).Count == 0, session.Diagnostics);
    }

    [Fact]
    public async Task The_editor_checks_fields_with_the_rules_the_documents_service_serves_and_revalidates_them()
    {
        await using var session = await fixture.NewSessionAsync();
        var page = session.Page;
        var rulesAnswers = new System.Collections.Concurrent.ConcurrentQueue<int>();
        page.Response += (_, r) =>
        {
            if (r.Url.EndsWith("/api/v1/documents/rules", StringComparison.Ordinal)) rulesAnswers.Enqueue(r.Status);
        };
        await SignUpAsync(page, "Jean Sammet");
        using var api = await ApiFromPageAsync(page, fixture.GatewayUrl);
        var resume = (await api.SendJsonAsync(HttpMethod.Get, "/api/v1/documents/rules", null, HttpStatusCode.OK))[
            "types"
        ]!["resume"]!;
        var phoneMax = resume["data.profile.phone"]!["maxLength"]!.GetValue<int>();

        await page.GetByRole(AriaRole.Button, new() { Name = "New resume" }).ClickAsync();
        await Assertions.Expect(Input(page, "Full name")).ToHaveAttributeAsync("aria-required", "true");
        var profile = page.GetByRole(AriaRole.Region, new() { Name = "Profile" });
        var phone = profile.GetByRole(AriaRole.Textbox, new() { Name = "Phone", Exact = true });
        await phone.FillAsync(new string('5', phoneMax + 1));
        await phone.BlurAsync();
        await Assertions.Expect(profile.GetByText($"Must be at most {phoneMax} characters.")).ToBeVisibleAsync();
        await phone.FillAsync(new string('5', phoneMax));
        await Assertions.Expect(profile.GetByText($"Must be at most {phoneMax} characters.")).ToHaveCountAsync(0);

        // A rule between two fields: the end date may not be before the start date.
        var work = page.GetByRole(AriaRole.Region, new() { Name = "Work experience" });
        await work.GetByRole(AriaRole.Button, new() { Name = "Add position" }).ClickAsync();
        await work.GetByRole(AriaRole.Textbox, new() { Name = "Start date", Exact = true }).FillAsync("2020-05");
        var end = work.GetByRole(AriaRole.Textbox, new() { Name = "End date", Exact = true });
        await end.FillAsync("2019");
        await end.BlurAsync();
        await Assertions.Expect(work.GetByText("Must not be before the start date.")).ToBeVisibleAsync();
        await fixture.ScreenshotAsync(page, "31-served-rules");
        await end.FillAsync("2021");
        await WaitForSavedAsync(page);

        // A reload revalidates the stored rules instead of downloading them again.
        Assert.Contains(200, rulesAnswers);
        await page.ReloadAsync();
        await Input(page, "Full name").WaitForAsync();
        await Assertions.Expect(Input(page, "Full name")).ToHaveAttributeAsync("aria-required", "true");
        for (var deadline = DateTime.UtcNow.AddSeconds(15); !rulesAnswers.Contains(304) && DateTime.UtcNow < deadline; )
            await Task.Delay(100);
        Assert.Contains(304, rulesAnswers);

        // The over-long phone or the early end date may have reached the server before they were fixed (400s).
        var unexpected = fixture
            .UnexpectedConsoleErrors(session)
            .Where(e => !e.Contains("status of 400", StringComparison.Ordinal))
            .ToList();
        Assert.True(unexpected.Count == 0, session.Diagnostics);
    }
}
