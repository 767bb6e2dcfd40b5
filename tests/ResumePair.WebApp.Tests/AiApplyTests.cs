using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Playwright;
using Xunit;
using static ResumePair.WebApp.Tests.Steps;

namespace ResumePair.WebApp.Tests;

/// <summary>AI that applies to the resume: a diff to accept or discard, one undoable step; tailoring adds
/// keywords.</summary>
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
            ["work"] = new JsonArray(
                new JsonObject
                {
                    ["company"] = "Acme Pay",
                    ["position"] = "Backend engineer",
                    ["highlights"] = new JsonArray(
                        "responsible for building the billing service",
                        "worked on the mobile app"
                    ),
                }
            ),
        };
        var created = await api.SendJsonAsync(HttpMethod.Post, "/api/v1/documents",
            new JsonObject { ["type"] = "resume", ["title"] = "CV", ["data"] = data }, HttpStatusCode.Created);
        var docId = created["id"]!.GetValue<string>();
        await page.GotoAsync($"/documents/{docId}");

        var work = page.GetByRole(AriaRole.Region, new() { Name = "Work experience" });
        var highlights = work.GetByRole(AriaRole.Textbox, new() { Name = "Highlights" });
        await Assertions
            .Expect(highlights)
            .ToHaveValueAsync("responsible for building the billing service\nworked on the mobile app");
        await work.GetByRole(AriaRole.Button, new() { Name = "Improve with AI" }).ClickAsync();
        var diff = work.GetByRole(AriaRole.Group, new() { Name = "Suggested changes" });
        await Assertions.Expect(diff.Locator("ins").First).ToHaveTextAsync("Built");
        await Assertions.Expect(diff.Locator("del").First).ToHaveTextAsync("responsible for building");
        // Nothing changes before Apply.
        await Assertions
            .Expect(highlights)
            .ToHaveValueAsync("responsible for building the billing service\nworked on the mobile app");
        await fixture.ScreenshotAsync(page, "ai-enhance-diff");

        await diff.GetByRole(AriaRole.Button, new() { Name = "Apply" }).ClickAsync();
        await Assertions.Expect(highlights).ToHaveValueAsync("Built the billing service\nDeveloped the mobile app");
        await WaitForSavedAsync(page);
        var stored = await api.SendJsonAsync(HttpMethod.Get, $"/api/v1/documents/{docId}", null, HttpStatusCode.OK);
        Assert.Equal("Built the billing service", stored["data"]!["work"]![0]!["highlights"]![0]!.GetValue<string>());

        await work.GetByRole(AriaRole.Button, new() { Name = "Undo", Exact = true }).ClickAsync();
        await Assertions
            .Expect(highlights)
            .ToHaveValueAsync("responsible for building the billing service\nworked on the mobile app");
        await WaitForSavedAsync(page);
        stored = await api.SendJsonAsync(HttpMethod.Get, $"/api/v1/documents/{docId}", null, HttpStatusCode.OK);
        Assert.Equal(
            "responsible for building the billing service",
            stored["data"]!["work"]![0]!["highlights"]![0]!.GetValue<string>()
        );

        // Discard leaves the text as it is.
        await work.GetByRole(AriaRole.Button, new() { Name = "Improve with AI" }).ClickAsync();
        await diff.GetByRole(AriaRole.Button, new() { Name = "Discard" }).ClickAsync();
        await Assertions.Expect(diff).ToHaveCountAsync(0);
        await Assertions
            .Expect(highlights)
            .ToHaveValueAsync("responsible for building the billing service\nworked on the mobile app");

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
        await Assertions
            .Expect(skills.GetByRole(AriaRole.Button, new() { Name = "Scala", Exact = true }))
            .ToBeVisibleAsync();
        await WaitForSavedAsync(page);

        // ...or to the end of a bullet the user chooses.
        await missing
            .GetByRole(AriaRole.Combobox, new() { Name = "Where to add rust" })
            .SelectOptionAsync(
                new SelectOptionValue { Label = "Acme Pay: responsible for building the billing service" }
            );
        await missing.GetByRole(AriaRole.Button, new() { Name = "Add rust" }).ClickAsync();
        await Assertions.Expect(highlights)
            .ToHaveValueAsync("responsible for building the billing service using rust\nworked on the mobile app");
        await WaitForSavedAsync(page);
        stored = await api.SendJsonAsync(HttpMethod.Get, $"/api/v1/documents/{docId}", null, HttpStatusCode.OK);
        Assert.Equal("responsible for building the billing service using rust",
            stored["data"]!["work"]![0]!["highlights"]![0]!.GetValue<string>());
        Assert.True(fixture.UnexpectedConsoleErrors(session).Count == 0, session.Diagnostics);
    }

    [Fact]
    public async Task A_cover_letter_opens_on_drafting_from_a_chosen_resume_with_the_senders_details()
    {
        await using var session = await fixture.NewSessionAsync();
        var page = session.Page;
        await SignUpAsync(page, "Grace Hopper");
        using var api = await ApiFromPageAsync(page, fixture.GatewayUrl);
        await api.SendJsonAsync(
            HttpMethod.Post,
            "/api/v1/documents",
            new JsonObject
            {
                ["type"] = "resume",
                ["title"] = "Grace's resume",
                ["data"] = new JsonObject
                {
                    ["profile"] = new JsonObject
                    {
                        ["name"] = "Grace Hopper",
                        ["email"] = "grace@example.com",
                        ["headline"] = "Rear admiral",
                    },
                    ["work"] = new JsonArray(
                        new JsonObject
                        {
                            ["company"] = "US Navy",
                            ["position"] = "Computer scientist",
                            ["startDate"] = "1943",
                            ["highlights"] = new JsonArray("Led the COBOL design used by 70 % of business systems"),
                        }
                    ),
                },
            },
            HttpStatusCode.Created
        );
        await page.GotoAsync("/");
        await page.GetByRole(AriaRole.Button, new() { Name = "New cover letter" }).ClickAsync();
        var ai = page.GetByRole(AriaRole.Region, new() { Name = "AI assistant" });
        await Assertions
            .Expect(ai.GetByRole(AriaRole.Tab, new() { Name = "Draft letter" }))
            .ToHaveAttributeAsync("aria-selected", "true");
        await Assertions
            .Expect(ai.GetByRole(AriaRole.Combobox, new() { Name = "Resume to write from" }).Locator("option:checked"))
            .ToHaveTextAsync("Grace's resume");
        await ai.GetByRole(AriaRole.Textbox, new() { Name = "Job description" })
            .FillAsync("Senior Compiler Engineer\nJoin Initech to build COBOL compilers.");
        await ai.GetByRole(AriaRole.Button, new() { Name = "Draft the letter" }).ClickAsync();
        await ai.GetByRole(AriaRole.Button, new() { Name = "Use this letter" }).ClickAsync();

        var sender = page.GetByRole(AriaRole.Region, new() { Name = "Sender" });
        await Assertions
            .Expect(sender.GetByRole(AriaRole.Textbox, new() { Name = "Full name", Exact = true }))
            .ToHaveValueAsync("Grace Hopper");
        await Assertions
            .Expect(sender.GetByRole(AriaRole.Textbox, new() { Name = "Email", Exact = true }))
            .ToHaveValueAsync("grace@example.com");
        var body = page.GetByRole(AriaRole.Textbox, new() { Name = "Body (blank line between paragraphs)" });
        await Assertions.Expect(body).ToContainTextAsync("Initech");
        await Assertions.Expect(body).Not.ToContainTextAsync("Join Initech to build"); // the posting is not pasted in
        await page.GetByRole(AriaRole.Button, new() { Name = "Undo", Exact = true }).First.ClickAsync();
        await Assertions.Expect(body).ToHaveValueAsync("");
        Assert.True(fixture.UnexpectedConsoleErrors(session).Count == 0, session.Diagnostics);
    }
}
