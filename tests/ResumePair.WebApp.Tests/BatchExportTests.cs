using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Playwright;
using Xunit;
using static ResumePair.WebApp.Tests.Steps;

namespace ResumePair.WebApp.Tests;

/// <summary>Several templates and sizes are one batch request; the history names templates, and fits a phone.</summary>
[Collection(WebAppCollection.Name)]
public sealed class BatchExportTests(WebAppFixture fixture)
{
    [Fact]
    public async Task Two_templates_in_two_sizes_are_one_request_and_the_history_shows_template_names()
    {
        await using var session = await fixture.NewSessionAsync();
        var page = session.Page;
        await SignUpAsync(page, "Batch Person");
        using var api = await ApiFromPageAsync(page, fixture.GatewayUrl);
        var created = await api.SendJsonAsync(
            HttpMethod.Post,
            "/api/v1/documents",
            new JsonObject
            {
                ["type"] = "resume",
                ["title"] = "Batch CV",
                ["data"] = new JsonObject { ["profile"] = new JsonObject { ["name"] = "Batch Person" } },
            },
            HttpStatusCode.Created
        );
        var templates = (await api.SendJsonAsync(HttpMethod.Get, "/api/v1/templates", null, HttpStatusCode.OK))
            .AsArray()
            .Where(t => t!["documentTypes"] is not JsonArray types || types.Any(x => x!.GetValue<string>() == "resume"))
            .Take(2)
            .Select(t => t!["name"]!.GetValue<string>())
            .ToList();
        var requests = new List<string>();
        page.Request += (_, r) => { if (r.Method == "POST" && r.Url.Contains("/api/v1/export/")) requests.Add(r.Url); };

        await page.GotoAsync($"/documents/{created["id"]!.GetValue<string>()}");
        var export = page.GetByRole(AriaRole.Region, new() { Name = "Export PDF" });
        await export.GetByText("Export several templates or sizes at once").ClickAsync();
        foreach (var name in templates)
            await export.GetByRole(AriaRole.Checkbox, new() { Name = name, Exact = true }).CheckAsync();
        await export.GetByRole(AriaRole.Checkbox, new() { Name = "Letter", Exact = true }).CheckAsync();
        await export.GetByRole(AriaRole.Button, new() { Name = "Export 4 PDFs" }).ClickAsync();
        var rows = export.GetByRole(AriaRole.List, new() { Name = "Batch exports" }).GetByRole(AriaRole.Listitem);
        await Assertions.Expect(rows).ToHaveCountAsync(4);
        await Assertions
            .Expect(export.Locator(".batch-rows li[data-status=completed]"))
            .ToHaveCountAsync(4, new() { Timeout = 120_000 });
        Assert.Equal(["/api/v1/export/batch"], requests.Select(u => new Uri(u).AbsolutePath));

        var download = await page.RunAndWaitForDownloadAsync(() =>
            export.GetByRole(AriaRole.Button, new() { Name = $"Download {templates[0]} Letter" }).ClickAsync());
        Assert.Equal($"Batch Person – Resume ({templates[0]}, Letter).pdf", download.SuggestedFilename);

        // Export history names templates, not ids; on a phone each row is a card that fits the width.
        await page.SetViewportSizeAsync(390, 844);
        await page.GotoAsync("/exports");
        var history = page.GetByRole(AriaRole.Table, new() { Name = "Export history" });
        await Assertions.Expect(history.GetByText($"{templates[1]} · A4")).ToBeVisibleAsync();
        var overflow = await page.EvaluateAsync<bool>(
            "() => document.documentElement.scrollWidth > window.innerWidth + 1"
        );
        await fixture.ScreenshotAsync(page, "exports-phone");
        Assert.False(overflow, "the exports page is wider than a phone");
        Assert.True(fixture.UnexpectedConsoleErrors(session).Count == 0, session.Diagnostics);
    }
}
