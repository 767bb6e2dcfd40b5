using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Xunit;
using static ResumePair.WebApp.Tests.Steps;

namespace ResumePair.WebApp.Tests;

/// <summary>
/// The preview shows the PDF's pages: its page count is the downloaded PDF's (pdfinfo), for a one-page and a
/// many-page resume, on A4 and Letter; the top bar's one-click download saves it under the person's name.
/// </summary>
[Collection(WebAppCollection.Name)]
public sealed partial class PagedPreviewTests(WebAppFixture fixture)
{
    private const string Person = "Zoë Łukasiewicz-Núñez";

    [Fact]
    public async Task Preview_page_count_is_the_pdfs_for_the_short_and_the_long_sample()
    {
        await using var session = await fixture.NewSessionAsync();
        var page = session.Page;
        await SignUpAsync(page, Person);
        using var api = await ApiFromPageAsync(page, fixture.GatewayUrl);
        var results = new List<string>();
        foreach (var (name, jobs) in new[] { ("short", 1), ("long", 14) })
        {
            var created = await api.SendJsonAsync(
                HttpMethod.Post,
                "/api/v1/documents",
                new JsonObject
                {
                    ["type"] = "resume",
                    ["title"] = $"{name} sample",
                    ["data"] = Sample(jobs),
                },
                HttpStatusCode.Created
            );
            await page.GotoAsync($"/documents/{created["id"]!.GetValue<string>()}");
            foreach (var size in new[] { "A4", "Letter" })
            {
                if (name == "short" && size == "Letter") continue;
                // The page size is the document's own (Design panel); Chromium lays out the opaque-origin preview
                // frame only while it is in view, so bring it back after using the panel.
                await page.GetByRole(AriaRole.Region, new() { Name = "Design" })
                    .GetByLabel("Page size")
                    .SelectOptionAsync(size);
                await page.Locator("#preview").ScrollIntoViewIfNeededAsync();
                var previewPages = await PreviewPagesAsync(page, size);
                var download = await page.RunAndWaitForDownloadAsync(
                    () => page.GetByRole(AriaRole.Button, new() { Name = "Download PDF", Exact = true }).ClickAsync(),
                    new() { Timeout = 120_000 });
                Assert.Equal($"{Person} – Resume.pdf", download.SuggestedFilename);
                var pdfPages = await PdfPagesAsync((await download.PathAsync())!);
                results.Add($"{name} {size}: preview {previewPages}, pdf {pdfPages}");
                Assert.True(pdfPages == previewPages, string.Join("; ", results));
                if (name == "long") Assert.True(pdfPages >= 3, string.Join("; ", results));
                else Assert.Equal(1, pdfPages);
            }
        }
        await fixture.ScreenshotAsync(page, "paged-preview-long");
        Assert.True(fixture.UnexpectedConsoleErrors(session).Count == 0, session.Diagnostics);
    }

    /// <summary>Waits until the preview has laid out the document at <paramref name="size"/> and reads its page
    /// count.</summary>
    private static async Task<int> PreviewPagesAsync(IPage page, string size)
    {
        await Assertions
            .Expect(page.Locator("#preview"))
            .ToHaveAttributeAsync("data-page-size", size, new() { Timeout = 30_000 });
        await Assertions
            .Expect(page.GetByTestId("page-indicator"))
            .ToHaveTextAsync(new Regex($@"^Page \d+ of \d+ · {size}$"));
        // A newer layout may still be on its way (the page size just changed): wait until the count holds still.
        string? last = null;
        for (var i = 0; i < 20; i++)
        {
            var now = await page.Locator("#preview").GetAttributeAsync("data-page-count");
            if (!string.IsNullOrEmpty(now) && now == last) return int.Parse(now);
            last = now;
            await page.WaitForTimeoutAsync(500);
        }
        throw new TimeoutException("the preview's page count did not settle");
    }

    private static async Task<int> PdfPagesAsync(string path)
    {
        using var process = Process.Start(new ProcessStartInfo("pdfinfo", [path]) { RedirectStandardOutput = true })!;
        var output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        return int.Parse(PagesLine().Match(output).Groups[1].Value);
    }

    [GeneratedRegex(@"Pages:\s+(\d+)")]
    private static partial Regex PagesLine();

    private static JsonObject Sample(int jobs) => new()
    {
        ["profile"] = new JsonObject
        {
                ["name"] = Person,
                ["headline"] = "Staff engineer",
                ["email"] = "zoe@example.com",
                ["summary"] =
                    "Builds payment systems that stay up: event-sourced ledgers, Kafka pipelines and Go services.",
                ["links"] = new JsonArray(new JsonObject { ["label"] = "GitHub", ["url"] = "https://github.com/zoe" }),
            },
            ["work"] = new JsonArray(
                Enumerable
                    .Range(0, jobs)
                    .Select(i =>
                        (JsonNode)
                            new JsonObject
                            {
                                ["company"] = $"Company {i + 1}",
                                ["position"] = "Senior engineer",
                                ["startDate"] = $"{2024 - 2 * i}-01",
                                ["endDate"] = $"{2025 - 2 * i}-06",
                                ["summary"] =
                                    "Led a team of five building the settlement platform used by every merchant in the "
                                        + "group.",
                                ["highlights"] = new JsonArray(
                                    Enumerable
                                        .Range(0, 4)
                                        .Select(h =>
                                            (JsonNode)(
                                                $"Cut p95 latency of service {h + 1} by {20 + h * 5} % by moving hot "
                                                    + "paths to batched writes and caching."
                                            )
                                        )
                                        .ToArray()
                                ),
                            }
                    )
                    .ToArray()
            ),
            ["skills"] = new JsonArray(
                new JsonObject
                {
                    ["name"] = "Go",
                    ["level"] = "expert",
                    ["keywords"] = new JsonArray("Kafka", "PostgreSQL"),
                }
            ),
        };
}
