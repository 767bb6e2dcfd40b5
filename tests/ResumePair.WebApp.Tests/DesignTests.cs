using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Xunit;
using Xunit.Abstractions;
using static ResumePair.WebApp.Tests.Steps;

namespace ResumePair.WebApp.Tests;

/// <summary>The document's design (template, colour, font, sections) in real Chromium against the real
/// topology.</summary>
[Collection(WebAppCollection.Name)]
public sealed class DesignTests(WebAppFixture fixture, ITestOutputHelper output)
{
    private const string Accent = "#b0122a";

    [Fact]
    public async Task Customised_design_is_saved_with_the_document_and_the_preview_and_pdf_match_in_text_and_colour()
    {
        await using var session = await fixture.NewSessionAsync();
        var page = session.Page;
        await SignUpWithNewResumeAsync(page, "Katherine Johnson");
        await Input(page, "Headline").FillAsync("Research mathematician");
        await page.GetByRole(AriaRole.Region, new() { Name = "Profile" })
            .GetByRole(AriaRole.Textbox, new() { Name = "Summary", Exact = true })
            .FillAsync("Calculated the trajectories that took astronauts to orbit and the Moon.");
        var work = page.GetByRole(AriaRole.Region, new() { Name = "Work experience" });
        await work.GetByRole(AriaRole.Button, new() { Name = "Add position" }).ClickAsync();
        await work.GetByRole(AriaRole.Textbox, new() { Name = "Position", Exact = true })
            .FillAsync("Aerospace technologist");
        await work.GetByRole(AriaRole.Textbox, new() { Name = "Company", Exact = true }).FillAsync("NASA Langley");

        var design = page.GetByRole(AriaRole.Region, new() { Name = "Design" });
        await design.GetByRole(AriaRole.Button, new() { Name = "Change template" }).ClickAsync();
        await design.GetByRole(AriaRole.Radio, new() { Name = "Banner" }).ClickAsync();
        await Assertions.Expect(design.GetByTestId("current-template")).ToHaveTextAsync("Banner");
        // The gallery: every template, each thumbnail showing this document, not a sample.
        await Assertions.Expect(design.GetByRole(AriaRole.Radio)).ToHaveCountAsync(12);
        var thumbnail = page.FrameLocator("iframe[title='Classic serif with your document']");
        await Assertions
            .Expect(thumbnail.GetByText("Research mathematician").First)
            .ToBeAttachedAsync(new() { Timeout = 30_000 });
        await design.GetByLabel("Accent colour").FillAsync(Accent);
        await design.GetByLabel("Font", new() { Exact = true }).SelectOptionAsync("Noto Serif");
        await design.GetByLabel("Page size").SelectOptionAsync("Letter");
        await design
            .GetByRole(AriaRole.Textbox, new() { Name = "Heading for Work experience" })
            .FillAsync("Flight research");
        await WaitForSavedAsync(page);
        await fixture.ScreenshotAsync(page, "design-panel");

        // Stored with the document, not in this browser.
        using var api = await ApiFromPageAsync(page, fixture.GatewayUrl);
        var docId = page.Url.Split('/').Last();
        var stored = (await api.SendJsonAsync(HttpMethod.Get, $"/api/v1/documents/{docId}", null, HttpStatusCode.OK))[
            "data"
        ]!["design"]!;
        Assert.Equal("banner", stored["template"]!.GetValue<string>());
        Assert.Equal("Letter", stored["pageSize"]!.GetValue<string>());
        Assert.Equal(Accent, stored["accentColor"]!.GetValue<string>());
        Assert.Equal("Noto Serif", stored["fontFamily"]!.GetValue<string>());

        // The preview shows the renderer's page with the design applied. Chromium does not lay out an opaque-origin
        // frame that is scrolled out of view, so bring the preview back into view after working in the Design panel.
        await page.Locator("#preview").ScrollIntoViewIfNeededAsync();
        var preview = page.FrameLocator("[data-testid=preview-frame]");
        await WithDiagnostics(session, () =>
            Assertions
                .Expect(preview.Locator("h2").Filter(new() { HasText = "Flight research" }).First)
                .ToBeVisibleAsync(new() { Timeout = 60_000 })
        );
        var band = await preview
            .Locator(".masthead")
            .First.EvaluateAsync<string>("e => getComputedStyle(e).backgroundColor");
        Assert.Equal("rgb(176, 18, 42)", band);
        var font = await preview.Locator("body").First.EvaluateAsync<string>("e => getComputedStyle(e).fontFamily");
        Assert.StartsWith("\"Noto Serif\"", font);
        var previewText = Regex.Replace(await preview.Locator("body").First.InnerTextAsync(), @"\s+", " ");

        // The PDF printed from the same document says and shows the same.
        var exportPanel = page.GetByRole(AriaRole.Region, new() { Name = "Export PDF" });
        await exportPanel.GetByRole(AriaRole.Button, new() { Name = "Export PDF" }).ClickAsync();
        var downloadButton = exportPanel.GetByRole(AriaRole.Button, new() { Name = "Download PDF" });
        await downloadButton.WaitForAsync(new() { Timeout = 120_000 });
        var download = await page.RunAndWaitForDownloadAsync(() => downloadButton.ClickAsync());
        var pdf = (await download.PathAsync())!;
        var pdfText = Regex.Replace(await RunAsync("pdftotext", pdf, "-"), @"\s+", " ");
        foreach (
            var text in new[]
            {
                "Katherine Johnson",
                "Research mathematician",
                "FLIGHT RESEARCH",
                "Aerospace technologist",
                "NASA Langley",
                "trajectories that took astronauts",
            }
        )
        {
            Assert.Contains(text, pdfText, StringComparison.OrdinalIgnoreCase);
            Assert.Contains(text, previewText, StringComparison.OrdinalIgnoreCase);
        }
        Assert.Contains("612 x 792 pts", await RunAsync("pdfinfo", pdf)); // Letter
        var fonts = await RunAsync("pdffonts", pdf);
        Assert.Contains("NotoSerif", fonts);
        var pixels = await FirstPagePixelsAsync(pdf);
        var accentPixels = pixels.Count(p =>
            Math.Abs(p.R - 176) < 12 && Math.Abs(p.G - 18) < 12 && Math.Abs(p.B - 42) < 12
        );
        output.WriteLine($"accent pixels in the PDF's first page: {accentPixels} of {pixels.Count}");
        Assert.True(accentPixels > 500, "the PDF has no band in the chosen accent colour");
        Assert.True(fixture.UnexpectedConsoleErrors(session).Count == 0, session.Diagnostics);
    }

    [Fact]
    public async Task Sections_are_reordered_by_keyboard_and_the_preview_follows()
    {
        await using var session = await fixture.NewSessionAsync();
        var page = session.Page;
        await SignUpWithNewResumeAsync(page, "Dorothy Vaughan");
        await page.GetByRole(AriaRole.Region, new() { Name = "Profile" })
            .GetByRole(AriaRole.Textbox, new() { Name = "Summary", Exact = true })
            .FillAsync("Led the West Area Computing unit and taught FORTRAN.");
        var work = page.GetByRole(AriaRole.Region, new() { Name = "Work experience" });
        await work.GetByRole(AriaRole.Button, new() { Name = "Add position" }).ClickAsync();
        await work.GetByRole(AriaRole.Textbox, new() { Name = "Position", Exact = true }).FillAsync("Supervisor");

        var order = page.GetByTestId("section-order");
        var summary = order.Locator("li[data-section=summary]");
        await summary.FocusAsync();
        await page.Keyboard.PressAsync("Alt+ArrowDown");
        await Assertions.Expect(summary).ToHaveAttributeAsync("aria-label", new Regex("^Summary, position 2 of 13"));
        await Assertions.Expect(summary).ToBeFocusedAsync();
        await Assertions
            .Expect(page.GetByRole(AriaRole.Status).Filter(new() { HasText = "Summary moved to position 2" }))
            .ToHaveCountAsync(1);
        await page.Keyboard.PressAsync("Alt+ArrowDown");
        await page.Keyboard.PressAsync("Alt+ArrowUp");
        await Assertions.Expect(summary).ToHaveAttributeAsync("aria-label", new Regex("^Summary, position 2 of 13"));
        await order
            .Locator("li[data-section=skills]")
            .GetByRole(AriaRole.Checkbox, new() { Name = "Hide" })
            .CheckAsync();
        await WaitForSavedAsync(page);

        using var api = await ApiFromPageAsync(page, fixture.GatewayUrl);
        var stored = (
            await api.SendJsonAsync(
                HttpMethod.Get,
                $"/api/v1/documents/{page.Url.Split('/').Last()}",
                null,
                HttpStatusCode.OK
            )
        )["data"]!["design"]!;
        Assert.Equal("work", stored["sectionOrder"]![0]!.GetValue<string>());
        Assert.Equal("summary", stored["sectionOrder"]![1]!.GetValue<string>());
        Assert.Equal("skills", stored["hiddenSections"]![0]!.GetValue<string>());

        await page.Locator("#preview").ScrollIntoViewIfNeededAsync();
        var preview = page.FrameLocator("[data-testid=preview-frame]");
        await WithDiagnostics(session, () =>
            Assertions
                .Expect(preview.Locator("main h2").First)
                .ToHaveTextAsync(new Regex("Experience", RegexOptions.IgnoreCase), new() { Timeout = 60_000 })
        );
        await fixture.ScreenshotAsync(page, "design-sections-reordered");
        Assert.True(fixture.UnexpectedConsoleErrors(session).Count == 0, session.Diagnostics);
    }

    [Fact]
    public async Task Fit_to_pages_makes_a_long_resume_one_page_shorter_in_the_preview()
    {
        await using var session = await fixture.NewSessionAsync();
        var page = session.Page;
        await SignUpAsync(page, "Mary Jackson");
        using var api = await ApiFromPageAsync(page, fixture.GatewayUrl);
        var jobs = Enumerable
            .Range(1, 9)
            .Select(i => new
            {
                company = $"Langley {i}",
                position = $"Engineer {i}",
                startDate = $"{1950 + i}",
                endDate = $"{1951 + i}",
                summary = "Analysed wind tunnel data and flight experiments, and wrote the reports engineers relied on "
                    + "for a decade.",
                highlights = new[]
                {
                    "Ran the supersonic pressure tunnel",
                    "Wrote twelve technical reports",
                    "Mentored the next group of engineers",
                },
            })
            .ToArray();
        var created = await api.SendJsonAsync(
            HttpMethod.Post,
            "/api/v1/documents",
            new
            {
                type = "resume",
                title = "Long resume",
                data = new
                {
                    profile = new { name = "Mary Jackson", summary = "Aerospace engineer." },
                    work = jobs,
                    design = new { template = "ats-single-column" },
                },
            },
            HttpStatusCode.Created
        );
        await page.GotoAsync($"/documents/{created["id"]!.GetValue<string>()}");
        var previewSection = page.Locator("#preview");
        await previewSection.ScrollIntoViewIfNeededAsync();
        await Assertions
            .Expect(previewSection)
            .ToHaveAttributeAsync("data-page-count", new Regex("^[0-9]+$"), new() { Timeout = 60_000 });
        var before = int.Parse(
            (await previewSection.GetAttributeAsync("data-page-count"))!,
            CultureInfo.InvariantCulture
        );
        output.WriteLine($"pages before fitting: {before}");
        Assert.InRange(before, 2, 4);
        var target = before - 1;

        var design = page.GetByRole(AriaRole.Region, new() { Name = "Design" });
        await design.GetByLabel("Fit to").SelectOptionAsync(target.ToString(CultureInfo.InvariantCulture));
        await design.GetByRole(AriaRole.Button, new() { Name = "Fit", Exact = true }).ClickAsync();
        await Assertions
            .Expect(design.GetByText(new Regex($"^Fits on {target} page")))
            .ToBeVisibleAsync(new() { Timeout = 120_000 });
        await Assertions
            .Expect(previewSection)
            .ToHaveAttributeAsync("data-page-count", target.ToString(CultureInfo.InvariantCulture));
        await WaitForSavedAsync(page);
        var stored = (
            await api.SendJsonAsync(
                HttpMethod.Get,
                $"/api/v1/documents/{created["id"]!.GetValue<string>()}",
                null,
                HttpStatusCode.OK
            )
        )["data"]!["design"]!;
        Assert.Equal("narrow", stored["margins"]!.GetValue<string>());
        Assert.True(stored["fontSize"]!.GetValue<double>() <= 10);
    }

    /// <summary>The preview lays out its pages in the browser: when it does not, the browser's console says
    /// why.</summary>
    private async Task WithDiagnostics(BrowserSession session, Func<Task> step)
    {
        try
        {
            await step();
        }
        catch (Exception e)
        {
            await fixture.ScreenshotAsync(session.Page, "design-preview-failed");
            throw new Xunit.Sdk.XunitException($"{e.Message}\n{session.Diagnostics}");
        }
    }

    private static async Task<string> RunAsync(string tool, params string[] args)
    {
        var psi = new ProcessStartInfo(tool) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args) psi.ArgumentList.Add(a);
        using var process = Process.Start(psi)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, $"{tool}: {await stderr}");
        return await stdout;
    }

    /// <summary>The first page rasterised by pdftoppm as binary PPM ("P6 w h 255" then RGB bytes).</summary>
    private static async Task<List<(int R, int G, int B)>> FirstPagePixelsAsync(string pdf)
    {
        var prefix = Path.Combine(Path.GetTempPath(), $"design-{Guid.NewGuid():N}");
        await RunAsync("pdftoppm", "-r", "30", "-f", "1", "-l", "1", "-singlefile", pdf, prefix);
        try
        {
            var ppm = await File.ReadAllBytesAsync(prefix + ".ppm");
            var header = System
                .Text.Encoding.ASCII.GetString(ppm, 0, 32)
                .Split((char[])[' ', '\n'], 5, StringSplitOptions.RemoveEmptyEntries);
            var (width, height) = (
                int.Parse(header[1], CultureInfo.InvariantCulture),
                int.Parse(header[2], CultureInfo.InvariantCulture)
            );
            var start = ppm.Length - width * height * 3;
            return
            [
                .. Enumerable
                    .Range(0, width * height)
                    .Select(i => ((int)ppm[start + 3 * i], (int)ppm[start + 3 * i + 1], (int)ppm[start + 3 * i + 2])),
            ];
        }
        finally
        {
            File.Delete(prefix + ".ppm");
        }
    }
}
