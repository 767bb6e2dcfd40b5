using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Playwright;
using ResumePair.Testing.Topology;
using Xunit;

namespace ResumePair.WebApp.Tests;

[Collection(WebAppCollection.Name)]
public sealed class EditorFlowTests(WebAppFixture fixture)
{
    private const string Password = "correct-Horse-battery-9";

    [Fact]
    public async Task Sign_up_write_a_resume_preview_export_and_download_a_pdf()
    {
        await using var session = await fixture.NewSessionAsync();
        var page = session.Page;

        await page.GotoAsync("/");
        await page.GetByRole(AriaRole.Heading, new() { Name = "Sign in" }).WaitForAsync();
        await fixture.ScreenshotAsync(page, "01-sign-in");
        await page.GetByRole(AriaRole.Link, new() { Name = "Create an account" }).ClickAsync();
        await SignUpAsync(page, "Grace Hopper");
        await fixture.ScreenshotAsync(page, "02-documents-empty");

        await page.GetByRole(AriaRole.Button, new() { Name = "New resume" }).ClickAsync();
        await page.GetByRole(AriaRole.Textbox, new() { Name = "Full name", Exact = true }).WaitForAsync();
        var docId = page.Url.Split('/').Last();
        await page.GetByRole(AriaRole.Textbox, new() { Name = "Document title", Exact = true })
            .FillAsync("Grace's resume");
        await page.GetByRole(AriaRole.Textbox, new() { Name = "Full name", Exact = true })
            .FillAsync("Grace Brewster Hopper");
        await page.GetByRole(AriaRole.Textbox, new() { Name = "Headline", Exact = true })
            .FillAsync("Computer scientist");
        var work = page.GetByRole(AriaRole.Region, new() { Name = "Work experience" });
        await work.GetByRole(AriaRole.Button, new() { Name = "Add position" }).ClickAsync();
        await work.GetByRole(AriaRole.Textbox, new() { Name = "Position", Exact = true }).FillAsync("Rear admiral");
        await work.GetByRole(AriaRole.Textbox, new() { Name = "Company", Exact = true }).FillAsync("US Navy");
        await work.GetByRole(AriaRole.Textbox, new() { Name = "Start date", Exact = true }).FillAsync("1943");
        var skills = page.GetByRole(AriaRole.Region, new() { Name = "Skills" });
        await skills.GetByRole(AriaRole.Button, new() { Name = "Add skill" }).ClickAsync();
        await skills.GetByRole(AriaRole.Textbox, new() { Name = "Skill", Exact = true }).FillAsync("COBOL");
        await skills.GetByRole(AriaRole.Combobox, new() { Name = "Level", Exact = true }).SelectOptionAsync("expert");

        // Validation on blur: a malformed date is flagged at the field before anything is sent.
        await work.GetByRole(AriaRole.Textbox, new() { Name = "End date", Exact = true }).FillAsync("19x");
        await work.GetByRole(AriaRole.Textbox, new() { Name = "End date", Exact = true }).BlurAsync();
        await Assertions.Expect(work.GetByText("Use YYYY, YYYY-MM or YYYY-MM-DD")).ToBeVisibleAsync();
        await work.GetByRole(AriaRole.Textbox, new() { Name = "End date", Exact = true }).FillAsync("1986");

        await WaitForSavedAsync(page);
        using var api = await ApiClientFromPageAsync(page);
        var preview = page.FrameLocator("[data-testid=preview-frame]");
        await Assertions
            .Expect(preview.GetByText("Grace Brewster Hopper").First)
            .ToBeVisibleAsync(new() { Timeout = 30_000 });
        await Assertions.Expect(preview.GetByText("US Navy").First).ToBeVisibleAsync();
        await fixture.ScreenshotAsync(page, "03-editor-with-preview");

        await page.GetByRole(AriaRole.Button, new() { Name = "Export PDF" }).ClickAsync();
        var downloadButton = page.GetByRole(AriaRole.Region, new() { Name = "Export PDF" })
            .GetByRole(AriaRole.Button, new() { Name = "Download PDF" });
        await downloadButton.WaitForAsync(new() { Timeout = 120_000 });
        await fixture.ScreenshotAsync(page, "04-export-ready");
        var download = await page.RunAndWaitForDownloadAsync(() => downloadButton.ClickAsync());
        var path = await download.PathAsync();
        var bytes = await File.ReadAllBytesAsync(path!);
        Assert.True(bytes.Length > 1000, $"PDF too small: {bytes.Length} bytes");
        Assert.Equal("%PDF", System.Text.Encoding.ASCII.GetString(bytes, 0, 4));

        api.AccessToken = await AccessTokenAsync(page); // the app may have refreshed (rotated) its tokens
        var doc = await api.SendJsonAsync(HttpMethod.Get, $"/api/v1/documents/{docId}", null, HttpStatusCode.OK);
        Assert.Equal("Grace's resume", doc["title"]!.GetValue<string>());
        Assert.Equal("Grace Brewster Hopper", doc["data"]!["profile"]!["name"]!.GetValue<string>());
        Assert.Equal("1986", doc["data"]!["work"]![0]!["endDate"]!.GetValue<string>());
        Assert.Equal("expert", doc["data"]!["skills"]![0]!["level"]!.GetValue<string>());

        // Back to the list, then sign out.
        await page.GetByRole(AriaRole.Link, new() { Name = "← Documents" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = "Grace's resume" })).ToBeVisibleAsync();
        await fixture.ScreenshotAsync(page, "05-documents");
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        await page.GetByRole(AriaRole.Heading, new() { Name = "Sign in" }).WaitForAsync();

        Assert.True(fixture.UnexpectedConsoleErrors(session).Count == 0, session.Diagnostics);
    }

    [Fact]
    public async Task Edits_made_offline_and_a_write_whose_answer_was_lost_are_saved_once_after_reconnect_and_reload()
    {
        await using var session = await fixture.NewSessionAsync();
        var page = session.Page;
        await page.GotoAsync("/signup");
        await SignUpAsync(page, "Ada Lovelace");
        await page.GetByRole(AriaRole.Button, new() { Name = "New resume" }).ClickAsync();
        await page.GetByRole(AriaRole.Textbox, new() { Name = "Full name", Exact = true }).WaitForAsync();
        var docId = page.Url.Split('/').Last();
        using var api = await ApiClientFromPageAsync(page);
        var v0 = (await GetDocAsync(api, docId))["version"]!.GetValue<long>();

        // 1. Offline: several edits queue up (persisted in IndexedDB), then go out as ONE write when back online.
        await session.Context.SetOfflineAsync(true);
        await page.GetByRole(AriaRole.Textbox, new() { Name = "Headline", Exact = true }).FillAsync("Analyst");
        var profile = page.GetByRole(AriaRole.Region, new() { Name = "Profile" });
        await profile.GetByRole(AriaRole.Textbox, new() { Name = "Location", Exact = true }).FillAsync("London");
        await page.GetByRole(AriaRole.Textbox, new() { Name = "Document title", Exact = true })
            .FillAsync("Offline title");
        await Assertions
            .Expect(page.Locator("[data-testid=sync-status]"))
            .ToHaveAttributeAsync("data-status", "offline", new() { Timeout = 15_000 });
        await fixture.ScreenshotAsync(page, "06-editor-offline");
        await session.Context.SetOfflineAsync(false);
        await WaitForSavedAsync(page);
        var afterOnline = await GetDocAsync(api, docId);
        Assert.Equal(v0 + 1, afterOnline["version"]!.GetValue<long>());
        Assert.Equal("Offline title", afterOnline["title"]!.GetValue<string>());
        Assert.Equal("Analyst", afterOnline["data"]!["profile"]!["headline"]!.GetValue<string>());
        Assert.Equal("London", afterOnline["data"]!["profile"]!["location"]!.GetValue<string>());

        // 2. The next write reaches the server but its answer is lost; the tab is reloaded before any retry.
        var lost = 0;
        await page.RouteAsync($"**/api/v1/documents/{docId}", async route =>
        {
            if (route.Request.Method != "PATCH") { await route.ContinueAsync(); return; }
            await route.FetchAsync(); // the server applies it…
            Interlocked.Increment(ref lost);
            await route.AbortAsync("connectionreset"); // …but the browser never hears back
        });
        await page.GetByRole(AriaRole.Textbox, new() { Name = "Headline", Exact = true })
            .FillAsync("Analyst and mathematician");
        await Assertions
            .Expect(page.Locator("[data-testid=sync-status]"))
            .ToHaveAttributeAsync("data-status", "offline", new() { Timeout = 15_000 });
        Assert.True(lost >= 1);
        await page.UnrouteAllAsync(new() { Behavior = UnrouteBehavior.IgnoreErrors });
        await page.ReloadAsync();
        await page.GetByRole(AriaRole.Textbox, new() { Name = "Headline", Exact = true }).WaitForAsync();
        await Assertions
            .Expect(page.GetByRole(AriaRole.Textbox, new() { Name = "Headline", Exact = true }))
            .ToHaveValueAsync("Analyst and mathematician");
        await WaitForSavedAsync(page);

        var final = await GetDocAsync(api, docId);
        Assert.Equal("Analyst and mathematician", final["data"]!["profile"]!["headline"]!.GetValue<string>());
        // Two writes in all: the offline batch and the lost-answer edit — however many times the latter was sent
        // (retries before the reload reached the server too and got 409 with a copy already holding it).
        Assert.Equal(v0 + 2, final["version"]!.GetValue<long>());
        var versions = await api.SendJsonAsync(
            HttpMethod.Get,
            $"/api/v1/documents/{docId}/versions?limit=50",
            null,
            HttpStatusCode.OK
        );
        Assert.Equal(
            final["version"]!.GetValue<long>(),
            versions["items"]!.AsArray().Max(v => v!["version"]!.GetValue<long>())
        );

        // Failed requests the test caused itself (offline, cut connection, the resend's 409) are expected; nothing
        // else.
        Assert.True(
            fixture.UnexpectedConsoleErrors(session, networkFailuresExpected: true).Count == 0,
            session.Diagnostics
        );
    }

    [Fact]
    public async Task A_refused_edit_stops_the_queue_with_the_error_at_its_field_and_undo_redo_are_saved_like_any_edit()
    {
        await using var session = await fixture.NewSessionAsync();
        var page = session.Page;
        await page.GotoAsync("/signup");
        await SignUpAsync(page, "Mary Jackson");
        await page.GetByRole(AriaRole.Button, new() { Name = "New resume" }).ClickAsync();
        var email = page.GetByRole(AriaRole.Textbox, new() { Name = "Email", Exact = true });
        await email.WaitForAsync();
        var docId = page.Url.Split('/').Last();

        // A value the published rules refuse is kept on this device, not sent: the field says why, the status that
        // something is incomplete, and nothing else waits on it.
        await email.FillAsync("mary at nasa");
        await Assertions.Expect(page.GetByText("Must be an email address").First)
            .ToBeVisibleAsync(new() { Timeout = 30_000 });
        await Assertions.Expect(page.Locator("[data-testid=sync-status]"))
            .ToContainTextAsync("incomplete", new() { Timeout = 30_000 });
        await fixture.ScreenshotAsync(page, "09-editor-server-error");
        // The fix resumes saving.
        await email.FillAsync("mary@nasa.gov");
        await WaitForSavedAsync(page);

        // Undo/redo with the keyboard go through the same queue.
        var headline = page.GetByRole(AriaRole.Textbox, new() { Name = "Headline", Exact = true });
        await headline.FillAsync("Engineer");
        await WaitForSavedAsync(page);
        await page.Locator("body").ClickAsync(new() { Position = new() { X = 5, Y = 300 } });
        await page.Keyboard.PressAsync("Control+z");
        await Assertions.Expect(headline).ToHaveValueAsync("");
        await WaitForSavedAsync(page);
        using var api = await ApiClientFromPageAsync(page);
        var afterUndo = await GetDocAsync(api, docId);
        Assert.Null(afterUndo["data"]!["profile"]!["headline"]);
        Assert.Equal("mary@nasa.gov", afterUndo["data"]!["profile"]!["email"]!.GetValue<string>());
        await page.GetByRole(AriaRole.Button, new() { Name = "Redo" }).ClickAsync();
        await Assertions.Expect(headline).ToHaveValueAsync("Engineer");
        await WaitForSavedAsync(page);
        api.AccessToken = await AccessTokenAsync(page);
        Assert.Equal("Engineer", (await GetDocAsync(api, docId))["data"]!["profile"]!["headline"]!.GetValue<string>());

        // The refused PATCH is the one expected failed request.
        Assert.True(
            fixture.UnexpectedConsoleErrors(session).Count(e => !e.Contains("status of 400", StringComparison.Ordinal))
                == 0,
            session.Diagnostics
        );
    }

    private static async Task SignUpAsync(IPage page, string name)
    {
        await page.GetByRole(AriaRole.Heading, new() { Name = "Create your account" }).WaitForAsync();
        await page.GetByLabel("Name").FillAsync(name);
        await page.GetByLabel("Email").FillAsync($"web-{Guid.NewGuid():N}@example.com");
        await page.GetByLabel("Password").FillAsync(Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Create account" }).ClickAsync();
        await page.GetByRole(AriaRole.Heading, new() { Name = "Your documents" }).WaitForAsync();
    }

    private static Task WaitForSavedAsync(IPage page) =>
        Assertions
            .Expect(page.Locator("[data-testid=sync-status]"))
            .ToHaveAttributeAsync("data-status", "saved", new() { Timeout = 30_000 });

    private async Task<GatewayClient> ApiClientFromPageAsync(IPage page) =>
        new(fixture.GatewayUrl) { AccessToken = await AccessTokenAsync(page) };

    private static Task<string> AccessTokenAsync(IPage page) => Steps.AccessTokenAsync(page);

    private static Task<JsonNode> GetDocAsync(GatewayClient api, string id) =>
        api.SendJsonAsync(HttpMethod.Get, $"/api/v1/documents/{id}", null, HttpStatusCode.OK);
}
