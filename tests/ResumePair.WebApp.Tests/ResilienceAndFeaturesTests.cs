using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Playwright;
using Xunit;
using Xunit.Abstractions;
using static ResumePair.WebApp.Tests.Steps;

namespace ResumePair.WebApp.Tests;

[Collection(WebAppCollection.Name)]
public sealed class ResilienceAndFeaturesTests(WebAppFixture fixture, ITestOutputHelper output)
{
    private static ILocator Status(IPage page) => page.Locator("[data-testid=sync-status]");

    [Fact]
    public async Task Edits_made_while_the_documents_service_is_down_are_saved_exactly_once_when_it_returns()
    {
        await using var session = await fixture.NewSessionAsync();
        var page = session.Page;
        var docId = await SignUpWithNewResumeAsync(page, "Frances Allen");
        await WaitForSavedAsync(page);
        using var api = await ApiFromPageAsync(page, fixture.GatewayUrl);
        var before = (await api.SendJsonAsync(HttpMethod.Get, $"/api/v1/documents/{docId}", null, HttpStatusCode.OK))[
            "version"
        ]!.GetValue<long>();

        try
        {
            await fixture.Topology.KillServiceAsync("documents");
            // Several edits in quick succession: one batch, queued in IndexedDB, retried with the same key.
            await Input(page, "Headline").FillAsync("Compiler pioneer");
            await page.GetByRole(AriaRole.Region, new() { Name = "Profile" })
                .GetByRole(AriaRole.Textbox, new() { Name = "Location", Exact = true })
                .FillAsync("Yorktown Heights");
            await Input(page, "Document title").FillAsync("Written while documents was down");
            await Assertions
                .Expect(Status(page))
                .Not.ToHaveAttributeAsync("data-status", "saved", new() { Timeout = 5_000 });
            // The gateway answers at once (documents' port refuses connections): the editor says it is retrying.
            await Assertions.Expect(Status(page)).ToContainTextAsync("retrying", new() { Timeout = 30_000 });
            await fixture.ScreenshotAsync(page, "15-editor-documents-down");
        }
        finally
        {
            await fixture.Topology.StartServiceAsync("documents");
        }

        await page.ReloadAsync();
        await Input(page, "Headline").WaitForAsync(new() { Timeout = 60_000 });
        await WaitForSavedAsync(page, 90_000);
        await Assertions.Expect(Input(page, "Headline")).ToHaveValueAsync("Compiler pioneer");
        await Assertions.Expect(Input(page, "Document title")).ToHaveValueAsync("Written while documents was down");

        var doc = await api.SendJsonAsync(HttpMethod.Get, $"/api/v1/documents/{docId}", null, HttpStatusCode.OK);
        Assert.Equal("Written while documents was down", doc["title"]!.GetValue<string>());
        Assert.Equal("Compiler pioneer", doc["data"]!["profile"]!["headline"]!.GetValue<string>());
        Assert.Equal("Yorktown Heights", doc["data"]!["profile"]!["location"]!.GetValue<string>());
        // Exactly once: the queued batch became one version, however many times it was sent while documents was down.
        Assert.Equal(before + 1, doc["version"]!.GetValue<long>());
        var versions = await api.SendJsonAsync(
            HttpMethod.Get,
            $"/api/v1/documents/{docId}/versions?limit=50",
            null,
            HttpStatusCode.OK
        );
        Assert.Equal(before + 1, versions["items"]!.AsArray().Max(v => v!["version"]!.GetValue<long>()));

        // Refused requests while the service was down (502/503, broken event stream) were the test's doing.
        var unexpected = fixture
            .UnexpectedConsoleErrors(session, networkFailuresExpected: true)
            .Where(e => !e.Contains("status of 502") && !e.Contains("status of 503") && !e.Contains("status of 504"))
            .ToList();
        Assert.True(unexpected.Count == 0, session.Diagnostics);
    }

    [Fact]
    public async Task The_AI_panel_drafts_a_summary_tailors_to_a_job_and_fills_a_resume_from_pasted_text()
    {
        await using var session = await fixture.NewSessionAsync();
        var page = session.Page;
        await SignUpWithNewResumeAsync(page, "Barbara Liskov", fillName: false);
        var refused = new List<string>();
        page.Response += async (_, r) =>
        {
            if (r.Request.Method == "PATCH" && r.Status == 400)
                refused.Add(r.Request.PostData + " → " + await r.TextAsync());
        };
        var ai = page.GetByRole(AriaRole.Region, new() { Name = "AI assistant" });
        await Assertions.Expect(ai.Locator("[data-testid=ai-remaining]")).ToContainTextAsync("AI requests left today");

        // Draft (streamed), then put it into the resume.
        await ai.GetByRole(AriaRole.Tab, new() { Name = "Draft" }).ClickAsync();
        await ai.GetByLabel("What to draft")
            .FillAsync("Distributed systems researcher, abstract data types, Turing award");
        await ai.GetByRole(AriaRole.Button, new() { Name = "Generate draft" }).ClickAsync();
        await ai.GetByRole(AriaRole.Button, new() { Name = "Use as summary" }).ClickAsync(new() { Timeout = 60_000 });
        await Assertions
            .Expect(
                page.GetByRole(AriaRole.Region, new() { Name = "Profile" })
                    .GetByRole(AriaRole.Textbox, new() { Name = "Summary", Exact = true })
            )
            .Not.ToHaveValueAsync("");
        var remainingAfterOne = await ai.Locator("[data-testid=ai-remaining]").TextContentAsync();

        // The same question again within 5 minutes is answered from memory: no quota used.
        await ai.GetByRole(AriaRole.Button, new() { Name = "Generate draft" }).ClickAsync();
        await Assertions.Expect(ai.GetByText("no quota used")).ToBeVisibleAsync();
        Assert.Equal(remainingAfterOne, await ai.Locator("[data-testid=ai-remaining]").TextContentAsync());

        // Tailor: keyboard navigation between tabs (arrow keys), then the match score and missing keywords.
        await ai.GetByRole(AriaRole.Tab, new() { Name = "Draft" }).FocusAsync();
        await page.Keyboard.PressAsync("ArrowRight");
        await page.Keyboard.PressAsync("ArrowRight");
        await Assertions
            .Expect(ai.GetByRole(AriaRole.Tab, new() { Name = "Tailor to a job" }))
            .ToHaveAttributeAsync("aria-selected", "true");
        await ai.GetByLabel("Job description")
            .FillAsync("We need a Kubernetes and Rust engineer with distributed systems experience.");
        await ai.GetByRole(AriaRole.Button, new() { Name = "Tailor to job" }).ClickAsync();
        var tailored = ai.Locator("[data-testid=ai-tailor]");
        await Assertions.Expect(tailored).ToContainTextAsync("Match score", new() { Timeout = 60_000 });
        await Assertions.Expect(ai.GetByRole(AriaRole.List, new() { Name = "Missing keywords" })).ToBeVisibleAsync();
        await fixture.ScreenshotAsync(page, "16-ai-tailor");

        // Extract: pasted text becomes resume content.
        await ai.GetByRole(AriaRole.Tab, new() { Name = "Import from text" }).ClickAsync();
        await ai.GetByLabel("Resume text to import")
            .FillAsync(
                "Barbara Liskov\nProfessor\nbarbara@example.com\n\nExperience\nInstitute Professor, MIT, "
                    + "1972 - present\n- Designed CLU\n\nSkills\nProgramming languages, Distributed systems"
            );
        await ai.GetByRole(AriaRole.Button, new() { Name = "Read resume text" }).ClickAsync();
        await ai.GetByRole(AriaRole.Button, new() { Name = "Fill resume from text" })
            .ClickAsync(new() { Timeout = 60_000 });
        await Assertions.Expect(ai.GetByText("Added to your resume")).ToBeVisibleAsync();
        try { await WaitForSavedAsync(page); }
        finally { foreach (var r in refused) output.WriteLine("refused: " + r); }
        await Assertions
            .Expect(page.GetByRole(AriaRole.Region, new() { Name = "Work experience" }))
            .ToContainTextAsync("MIT");

        Assert.True(fixture.UnexpectedConsoleErrors(session).Count == 0, session.Diagnostics);
    }

    [Fact]
    public async Task Export_history_lists_the_export_with_days_left_and_downloads_it_again()
    {
        await using var session = await fixture.NewSessionAsync();
        var page = session.Page;
        await SignUpWithNewResumeAsync(page, "Annie Easley");
        await Input(page, "Document title").FillAsync("Easley CV");
        await page.GetByRole(AriaRole.Region, new() { Name = "Design" })
            .GetByLabel("Page size")
            .SelectOptionAsync("Letter");
        await page.GetByRole(AriaRole.Button, new() { Name = "Export PDF" }).ClickAsync();
        await page.GetByRole(AriaRole.Region, new() { Name = "Export PDF" })
            .GetByRole(AriaRole.Button, new() { Name = "Download PDF" })
            .WaitForAsync(new() { Timeout = 120_000 });

        await page.GetByRole(AriaRole.Link, new() { Name = "Export history" }).ClickAsync();
        var row = page.Locator("[data-testid=history-row]").Filter(new() { HasText = "Easley CV" });
        await Assertions.Expect(row).ToContainTextAsync("7 days left");
        await Assertions.Expect(row).ToContainTextAsync("Letter");
        await fixture.ScreenshotAsync(page, "17-export-history");
        var download = await page.RunAndWaitForDownloadAsync(() =>
            row.GetByRole(AriaRole.Button, new() { Name = "Download" }).ClickAsync()
        );
        var bytes = await File.ReadAllBytesAsync((await download.PathAsync())!);
        Assert.Equal("%PDF", System.Text.Encoding.ASCII.GetString(bytes, 0, 4));
        Assert.Equal("Easley CV.pdf", download.SuggestedFilename);
        await Assertions.Expect(row.Locator("td").Nth(4)).ToHaveTextAsync("1");

        // Limits: export after export (5 requests a minute) → one is refused with a clear message and a countdown
        // on the button. Each export is requested once the previous one has finished (the button is disabled while one
        // runs), so how fast the renderer is does not decide which limit is hit.
        await page.GoBackAsync();
        await Input(page, "Full name").WaitForAsync();
        var exportButton = page.GetByRole(AriaRole.Button, new() { Name = "Export PDF" });
        var statuses = new List<int>();
        for (var i = 0; i < 11 && !statuses.Contains(429); i++)
        {
            // a new version each time: no deduplicated export
            await Input(page, "Headline").FillAsync($"Mathematician {i}");
            await WaitForSavedAsync(page);
            await Assertions.Expect(exportButton).ToBeEnabledAsync(new() { Timeout = 120_000 });
            var answer = await page.RunAndWaitForResponseAsync(() => exportButton.ClickAsync(),
                r => r.Request.Method == "POST" && r.Url.EndsWith("/api/v1/export/pdf", StringComparison.Ordinal));
            statuses.Add(answer.Status);
        }
        // 1 + 4 accepted, then 429; the limiter counts per minute window, so requests that straddle a window boundary
        // may get up to 5 more through first.
        Assert.True(
            statuses.Count >= 5 && statuses[^1] == 429 && statuses[..^1].All(s => s == 202),
            string.Join(", ", statuses)
        );
        output.WriteLine(await page.Locator("section[aria-labelledby=export-heading]").InnerTextAsync());
        await Assertions.Expect(page.Locator("section[aria-labelledby=export-heading] [role=alert]"))
            .ToContainTextAsync(new System.Text.RegularExpressions.Regex("already running|[Tt]ry again in \\d+"));
        await Assertions.Expect(exportButton).ToBeDisabledAsync();
        await Assertions.Expect(exportButton).ToContainTextAsync("wait");
        await fixture.ScreenshotAsync(page, "18-export-limited");

        var unexpected = fixture.UnexpectedConsoleErrors(session).Where(e => !e.Contains("status of 429")).ToList();
        Assert.True(unexpected.Count == 0, session.Diagnostics);
    }

    [Fact]
    public async Task The_trash_view_lists_trashed_documents_from_the_server_with_days_left_and_restores_them()
    {
        await using var session = await fixture.NewSessionAsync();
        var page = session.Page;
        await SignUpAsync(page, "Evelyn Boyd Granville");
        await page.GetByRole(AriaRole.Button, new() { Name = "New resume" }).ClickAsync();
        await Input(page, "Document title").FillAsync("Granville resume");
        await WaitForSavedAsync(page);
        await page.GetByRole(AriaRole.Link, new() { Name = "← Documents" }).ClickAsync();
        // The list hides the document at once (optimistic); the reload below must come after the server has it.
        await page.RunAndWaitForResponseAsync(
            () => page.GetByRole(AriaRole.Button, new() { Name = "Move Granville resume to trash" }).ClickAsync(),
            r => r.Request.Method == "DELETE" && r.Url.Contains("/api/v1/documents/", StringComparison.Ordinal) && r.Ok
        );
        await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = "Granville resume" })).ToBeHiddenAsync();

        // A fresh page (nothing remembered in memory): the trash comes from the server.
        await page.GotoAsync("/trash");
        var item = page.Locator("[data-testid=trash-item]").Filter(new() { HasText = "Granville resume" });
        await Assertions.Expect(item).ToContainTextAsync("deleted for good in 30 days");
        await fixture.ScreenshotAsync(page, "19-trash");
        await item.GetByRole(AriaRole.Button, new() { Name = "Restore" }).ClickAsync();
        await Assertions.Expect(item).ToBeHiddenAsync();
        await page.GetByRole(AriaRole.Navigation).GetByRole(AriaRole.Link, new() { Name = "Documents" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = "Granville resume" })).ToBeVisibleAsync();
        Assert.True(fixture.UnexpectedConsoleErrors(session).Count == 0, session.Diagnostics);
    }

    [Fact]
    public async Task Importing_a_PDF_shows_the_new_resume_and_a_scanned_file_says_why_it_failed()
    {
        await using var session = await fixture.NewSessionAsync();
        var page = session.Page;
        await SignUpAsync(page, "Dorothy Vaughan");

        // A real resume PDF, made by our own export.
        using var api = await ApiFromPageAsync(page, fixture.GatewayUrl);
        var created = await api.SendJsonAsync(
            HttpMethod.Post,
            "/api/v1/documents",
            new
            {
                type = "resume",
                title = "Source",
                data = new
                {
                    profile = new
                    {
                        name = "Dorothy Vaughan",
                        headline = "Mathematician",
                        email = "dorothy@example.com",
                    },
                    work = new[]
                    {
                        new
                        {
                            position = "Supervisor",
                            company = "NACA",
                            startDate = "1949",
                            endDate = "1958",
                        },
                    },
                },
            },
            HttpStatusCode.Created
        );
        var job = await api.SendJsonAsync(
            HttpMethod.Post,
            "/api/v1/export/pdf",
            new
            {
                documentId = created["id"]!.GetValue<string>(),
                templateId = "ats-single-column",
                pageSize = "A4",
            },
            HttpStatusCode.Accepted
        );
        var pdf = await DownloadWhenDoneAsync(api, job["jobId"]!.GetValue<string>());

        await FormatsTests
            .ImportControl(page)
            .SetInputFilesAsync(
                new FilePayload
                {
                    Name = "vaughan.pdf",
                    MimeType = "application/pdf",
                    Buffer = pdf,
                }
            );
        await page.WaitForURLAsync("**/imports/*", new() { Timeout = 30_000 });
        await Assertions
            .Expect(page.Locator("[data-field='profile.name']"))
            .ToHaveTextAsync("Dorothy Vaughan", new() { Timeout = 120_000 });
        await page.GetByRole(AriaRole.Link, new() { Name = "Open in the editor" }).ClickAsync();
        await Assertions
            .Expect(Input(page, "Full name"))
            .ToHaveValueAsync("Dorothy Vaughan", new() { Timeout = 30_000 });

        // A scanned file (an image-only PDF: no text) fails with the reason.
        await page.GotoAsync("/");
        await FormatsTests
            .ImportControl(page)
            .SetInputFilesAsync(
                new FilePayload
                {
                    Name = "scan.pdf",
                    MimeType = "application/pdf",
                    Buffer = BlankPdf(),
                }
            );
        await page.WaitForURLAsync("**/imports/*", new() { Timeout = 30_000 });
        await Assertions
            .Expect(page.GetByRole(AriaRole.Alert))
            .ToContainTextAsync(
                "Import failed: No selectable text found — the file looks scanned",
                new() { Timeout = 120_000 }
            );
        await fixture.ScreenshotAsync(page, "20-import-failed");

        // Not a PDF/DOCX: refused in the browser before any upload.
        var uploads = 0;
        page.Request += (_, request) =>
        {
            if (request.Url.EndsWith("/api/v1/imports", StringComparison.Ordinal))
                Interlocked.Increment(ref uploads);
        };
        await page.GotoAsync("/");
        await FormatsTests
            .ImportControl(page)
            .SetInputFilesAsync(
                new FilePayload
                {
                    Name = "photo.png",
                    MimeType = "image/png",
                    Buffer = [1, 2, 3],
                }
            );
        await Assertions
            .Expect(page.GetByRole(AriaRole.Alert).Filter(new() { HasText = "Choose a PDF or Word (.docx) file" }))
            .ToBeVisibleAsync();
        Assert.Equal(0, uploads);
        Assert.True(fixture.UnexpectedConsoleErrors(session).Count == 0, session.Diagnostics);
    }

    private static async Task<byte[]> DownloadWhenDoneAsync(ResumePair.Testing.Topology.GatewayClient api, string jobId)
    {
        var deadline = DateTime.UtcNow.AddMinutes(2);
        while (true)
        {
            var view = await api.SendJsonAsync(HttpMethod.Get, $"/api/v1/export/job/{jobId}", null, HttpStatusCode.OK);
            if (view["status"]!.GetValue<string>() == "completed") break;
            if (DateTime.UtcNow > deadline) throw new TimeoutException(view.ToJsonString());
            await Task.Delay(500);
        }
        using var redirect = await api.SendAsync(HttpMethod.Get, $"/api/v1/export/download/{jobId}");
        using var file = await api.SendAsync(HttpMethod.Get, redirect.Headers.Location!.ToString());
        return await file.Content.ReadAsByteArrayAsync();
    }

    /// <summary>A valid one-page PDF without any text (what a scanner without OCR produces, minus the image).</summary>
    private static byte[] BlankPdf()
    {
        var objects = new[]
        {
            "<< /Type /Catalog /Pages 2 0 R >>",
            "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << >> >>",
            "<< /Length 0 >>\nstream\n\nendstream",
        };
        var sb = new System.Text.StringBuilder("%PDF-1.4\n");
        var offsets = new List<int>();
        for (var i = 0; i < objects.Length; i++)
        {
            offsets.Add(sb.Length);
            sb.Append($"{i + 1} 0 obj\n{objects[i]}\nendobj\n");
        }
        var xref = sb.Length;
        sb.Append($"xref\n0 {objects.Length + 1}\n0000000000 65535 f \n");
        foreach (var o in offsets) sb.Append($"{o:D10} 00000 n \n");
        sb.Append($"trailer\n<< /Size {objects.Length + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n");
        return System.Text.Encoding.ASCII.GetBytes(sb.ToString());
    }
}
