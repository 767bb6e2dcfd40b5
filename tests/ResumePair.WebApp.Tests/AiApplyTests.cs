using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Playwright;
using Xunit;
using static ResumePair.WebApp.Tests.Steps;

namespace ResumePair.WebApp.Tests;

/// <summary>AI that applies to the resume: a diff to accept or discard, one undoable step; tailoring adds keywords.</summary>
[Collection(WebAppCollection.Name)]
public sealed class AiApplyTests(WebAppFixture fixture)
{
    [Fact]
    public async Task Enhance_shows_a_diff_then_apply_changes_the_bullets_and_undo_restores_them()
    {
        await using var session = await fixture.NewSessionAsync();
        var page = session.Page;
        await SignUpAsync(page, "Ada Lovelace");
        using var api = await ApiFromPageAsync(page, fixture.GatewayUrl);
        var data = new JsonObject
        {
            ["profile"] = new JsonObject { ["name"] = "Ada Lovelace" },
            ["work"] = new JsonArray(new JsonObject
            {
                ["company"] = "Acme Pay", ["position"] = "Backend engineer",
                ["highlights"] = new JsonArray("responsible for building the billing service", "worked on the mobile app"),
            }),
        };
        var created = await api.SendJsonAsync(HttpMethod.Post, "/api/v1/documents",
            new JsonObject { ["type"] = "resume", ["title"] = "CV", ["data"] = data }, HttpStatusCode.Created);
        var docId = created["id"]!.GetValue<string>();
        await page.GotoAsync($"/documents/{docId}");

        var work = page.GetByRole(AriaRole.Region, new() { Name = "Work experience" });
        var highlights = work.GetByRole(AriaRole.Textbox, new() { Name = "Highlights" });
        await Assertions.Expect(highlights).ToHaveValueAsync("responsible for building the billing service\nworked on the mobile app");
        await work.GetByRole(AriaRole.Button, new() { Name = "Improve Highlights" }).ClickAsync();
        var diff = work.GetByRole(AriaRole.Group, new() { Name = "Suggested changes" });
        await Assertions.Expect(diff.Locator("ins").First).ToHaveTextAsync("Built");
        await Assertions.Expect(diff.Locator("del").First).ToHaveTextAsync("responsible for building");
        // Nothing changes before Apply.
        await Assertions.Expect(highlights).ToHaveValueAsync("responsible for building the billing service\nworked on the mobile app");
        await fixture.ScreenshotAsync(page, "ai-enhance-diff");

        await diff.GetByRole(AriaRole.Button, new() { Name = "Apply" }).ClickAsync();
        await Assertions.Expect(highlights).ToHaveValueAsync("Built the billing service\nDeveloped the mobile app");
        await WaitForSavedAsync(page);
        var stored = await api.SendJsonAsync(HttpMethod.Get, $"/api/v1/documents/{docId}", null, HttpStatusCode.OK);
        Assert.Equal("Built the billing service", stored["data"]!["work"]![0]!["highlights"]![0]!.GetValue<string>());

        await work.GetByRole(AriaRole.Button, new() { Name = "Undo", Exact = true }).ClickAsync();
        await Assertions.Expect(highlights).ToHaveValueAsync("responsible for building the billing service\nworked on the mobile app");
        await WaitForSavedAsync(page);
        stored = await api.SendJsonAsync(HttpMethod.Get, $"/api/v1/documents/{docId}", null, HttpStatusCode.OK);
        Assert.Equal("responsible for building the billing service", stored["data"]!["work"]![0]!["highlights"]![0]!.GetValue<string>());

        // Discard leaves the text as it is.
        await work.GetByRole(AriaRole.Button, new() { Name = "Improve Highlights" }).ClickAsync();
        await diff.GetByRole(AriaRole.Button, new() { Name = "Discard" }).ClickAsync();
        await Assertions.Expect(diff).ToHaveCountAsync(0);
        await Assertions.Expect(highlights).ToHaveValueAsync("responsible for building the billing service\nworked on the mobile app");

        // Tailor: the employer and filler are not "missing"; a technology is added to Skills with one click.
        var ai = page.GetByRole(AriaRole.Region, new() { Name = "AI assistant" });
        await ai.GetByRole(AriaRole.Tab, new() { Name = "Tailor to a job" }).ClickAsync();
        await ai.GetByRole(AriaRole.Textbox, new() { Name = "Job description" })
            .FillAsync("Join Monzo Bank to design deep Scala and Rust services for payments, PCI-DSS compliant.");
        await ai.GetByRole(AriaRole.Button, new() { Name = "Tailor to job" }).ClickAsync();
        var missing = ai.GetByRole(AriaRole.List, new() { Name = "Missing keywords" });
        await Assertions.Expect(missing.GetByText("scala", new() { Exact = true })).ToBeVisibleAsync();
        await Assertions.Expect(missing.GetByText("pci-dss", new() { Exact = true })).ToBeVisibleAsync();
        foreach (var word in new[] { "monzo", "bank", "deep", "design" })
            await Assertions.Expect(missing.GetByText(word, new() { Exact = true })).ToHaveCountAsync(0);
        await missing.GetByRole(AriaRole.Button, new() { Name = "Add scala" }).ClickAsync();
        var skills = page.GetByRole(AriaRole.Region, new() { Name = "Skills" });
        await Assertions.Expect(skills.GetByRole(AriaRole.Textbox, new() { Name = "Skill", Exact = true })).ToHaveValueAsync("Scala");
        await WaitForSavedAsync(page);
        Assert.True(fixture.UnexpectedConsoleErrors(session).Count == 0, session.Diagnostics);
    }
}
