using System.Net;
using Microsoft.Playwright;
using Xunit;
using static ResumePair.WebApp.Tests.Steps;

namespace ResumePair.WebApp.Tests;

[Collection(WebAppCollection.Name)]
public sealed class VersionHistoryTests(WebAppFixture fixture)
{
    [Fact]
    public async Task History_lists_changes_compares_two_versions_side_by_side_names_a_snapshot_and_restores_with_undo()
    {
        await using var session = await fixture.NewSessionAsync();
        var page = session.Page;
        await SignUpAsync(page, "Katherine Johnson");
        await page.GetByRole(AriaRole.Button, new() { Name = "New resume" }).ClickAsync();
        var headline = Input(page, "Headline");
        await headline.WaitForAsync();
        var docId = page.Url.Split('/').Last();
        await Input(page, "Full name").FillAsync("Katherine Johnson");
        await WaitForSavedAsync(page);
        await headline.FillAsync("Mathematician");
        await WaitForSavedAsync(page);

        var history = page.GetByRole(AriaRole.Region, new() { Name = "Version history" });
        await history.GetByLabel("Snapshot name").FillAsync("Sent to NASA");
        await history.GetByRole(AriaRole.Button, new() { Name = "Save snapshot" }).ClickAsync();
        var snapshot = history.Locator("[data-testid=version-row]").Filter(new() { HasText = "Sent to NASA" });
        await Assertions.Expect(snapshot).ToHaveCountAsync(1);
        await Assertions.Expect(snapshot).ToContainTextAsync("Added Profile › Headline");
        var snapshotVersion = await snapshot.GetAttributeAsync("data-version");

        await headline.FillAsync("Research Mathematician");
        await WaitForSavedAsync(page);
        var latest = history.Locator("[data-testid=version-row]").First;
        await Assertions.Expect(latest).ToContainTextAsync("Edited Profile › Headline");
        await Assertions.Expect(latest).ToContainTextAsync("current");
        var latestVersion = await latest.GetAttributeAsync("data-version");

        // Two versions side by side, field by field, the changed words marked.
        await history.GetByLabel($"Select version {snapshotVersion} for comparison").CheckAsync();
        await history.GetByLabel($"Select version {latestVersion} for comparison").CheckAsync();
        await history.GetByRole(AriaRole.Button, new() { Name = "Compare selected" }).ClickAsync();
        var diff = history.Locator("[data-testid=version-diff]");
        var row = diff.Locator("[data-testid=diff-row]").Filter(new() { HasText = "Headline" });
        await Assertions.Expect(row).ToHaveCountAsync(1);
        await Assertions.Expect(row.Locator("td").Nth(0)).ToHaveTextAsync("Mathematician");
        await Assertions.Expect(row.Locator("td").Nth(1)).ToHaveTextAsync("Research Mathematician");
        await Assertions.Expect(row.Locator("ins")).ToHaveTextAsync("Research ");
        await Assertions.Expect(diff).ToContainTextAsync("“Sent to NASA”");
        await fixture.ScreenshotAsync(page, "history-compare");

        // Restore the snapshot: a new version, the editor follows; then undo the restore.
        await history.GetByRole(AriaRole.Button, new() { Name = $"Restore version {snapshotVersion}" }).ClickAsync();
        await Assertions.Expect(headline).ToHaveValueAsync("Mathematician");
        await Assertions
            .Expect(history.GetByRole(AriaRole.Status))
            .ToContainTextAsync($"Restored version {snapshotVersion} as version");
        await Assertions
            .Expect(history.Locator("[data-testid=version-row]").First)
            .ToContainTextAsync($"Restored version {snapshotVersion}");
        using var api = await ApiFromPageAsync(page, fixture.GatewayUrl);
        var doc = await api.SendJsonAsync(HttpMethod.Get, $"/api/v1/documents/{docId}", null, HttpStatusCode.OK);
        Assert.Equal("Mathematician", doc["data"]!["profile"]!["headline"]!.GetValue<string>());

        await history.GetByRole(AriaRole.Button, new() { Name = "Undo restore" }).ClickAsync();
        await Assertions.Expect(headline).ToHaveValueAsync("Research Mathematician");
        await WaitForSavedAsync(page);

        // Named only: the snapshot alone.
        await history.GetByLabel("Named only").CheckAsync();
        await Assertions.Expect(history.Locator("[data-testid=version-row]")).ToHaveCountAsync(1);
        await Assertions.Expect(history.Locator("[data-testid=version-label]")).ToHaveTextAsync("Sent to NASA");
        await fixture.ScreenshotAsync(page, "history-named");

        Assert.True(fixture.UnexpectedConsoleErrors(session).Count == 0, session.Diagnostics);
    }

    [Fact]
    public async Task Another_user_gets_404_for_the_history_of_a_document_that_is_not_theirs()
    {
        await using var session = await fixture.NewSessionAsync();
        await SignUpAsync(session.Page, "Dorothy Vaughan");
        await session.Page.GetByRole(AriaRole.Button, new() { Name = "New resume" }).ClickAsync();
        await Input(session.Page, "Headline").WaitForAsync();
        var docId = session.Page.Url.Split('/').Last();
        await WaitForSavedAsync(session.Page);

        await using var intruder = await fixture.NewSessionAsync();
        await SignUpAsync(intruder.Page, "Mallory");
        using var api = await ApiFromPageAsync(intruder.Page, fixture.GatewayUrl);
        foreach (var path in new[] { "versions", "versions/1", "versions/compare?from=1&to=1", "score" })
            Assert.Equal(
                HttpStatusCode.NotFound,
                (await api.SendAsync(HttpMethod.Get, $"/api/v1/documents/{docId}/{path}")).StatusCode
            );
        Assert.Equal(
            HttpStatusCode.NotFound,
            (
                await api.SendAsync(
                    HttpMethod.Put,
                    $"/api/v1/documents/{docId}/versions/1/label",
                    new { label = "Mine" }
                )
            ).StatusCode
        );
        Assert.Equal(
            HttpStatusCode.NotFound,
            (await api.SendAsync(HttpMethod.Post, $"/api/v1/documents/{docId}/versions/1/restore")).StatusCode
        );
    }
}
