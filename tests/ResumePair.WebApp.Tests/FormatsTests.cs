using System.IO.Compression;
using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Playwright;
using ResumePair.Testing.JsonResume;
using Xunit;
using static ResumePair.WebApp.Tests.Steps;

namespace ResumePair.WebApp.Tests;

/// <summary>
/// The formats a user reaches for (#19): a JSON Resume file imported with every section; DOCX and PDF exports
/// downloaded and downloaded again from the history; a failed export retried; several documents as one ZIP.
/// </summary>
[Collection(WebAppCollection.Name)]
public sealed class FormatsTests(WebAppFixture fixture)
{
    [Fact]
    public async Task A_JSON_Resume_file_imports_into_the_editor_with_its_volunteering_awards_and_references()
    {
        await using var session = await fixture.NewSessionAsync();
        var page = session.Page;
        await SignUpAsync(page, "Richard Hendriks");
        var sample = OfficialJsonResume.Sample("sample");

        await ImportControl(page)
            .SetInputFilesAsync(
                new FilePayload
                {
                    Name = "resume.json",
                    MimeType = "application/json",
                    Buffer = System.Text.Encoding.UTF8.GetBytes(sample.ToJsonString()),
                }
            );
        await page.WaitForURLAsync("**/documents/*", new() { Timeout = 30_000 });
        await Assertions.Expect(Input(page, "Full name")).ToHaveValueAsync("Richard Hendriks");
        await Assertions.Expect(Input(page, "Postal code")).ToHaveValueAsync("CA 94115");
        foreach (
            var (section, entry) in new[]
            {
                ("Volunteering", "Teacher at CoderDojo"),
                ("Awards", "Digital Compression Pioneer Award"),
                ("Publications", "Video compression for 3d media"),
                ("Interests", "Wildlife"),
                ("References", "Erlich Bachman"),
            }
        )
            await Assertions
                .Expect(page.GetByRole(AriaRole.Region, new() { Name = section, Exact = true }))
                .ToContainTextAsync(entry);
        await fixture.ScreenshotAsync(page, "formats-json-resume-imported");

        // The preview prints the new sections too.
        await page.Locator("#preview").ScrollIntoViewIfNeededAsync();
        var preview = page.FrameLocator("[data-testid=preview-frame]");
        await Assertions
            .Expect(preview.Locator("section.volunteer"))
            .ToContainTextAsync("CoderDojo", new() { Timeout = 60_000 });
        Assert.True(fixture.UnexpectedConsoleErrors(session).Count == 0, session.Diagnostics);
    }

    [Fact]
    public async Task DOCX_and_PDF_exports_download_again_from_the_history_and_a_failed_export_is_retried()
    {
        await using var session = await fixture.NewSessionAsync();
        var page = session.Page;
        await SignUpAsync(page, "Mary Jackson");
        using var api = await ApiFromPageAsync(page, fixture.GatewayUrl);
        var id = await CreateResumeAsync(api, "Mary Jackson CV", "Mary Jackson");
        await page.GotoAsync($"/documents/{id}");
        var export = page.GetByRole(AriaRole.Region, new() { Name = "Export PDF" });

        await export.GetByRole(AriaRole.Button, new() { Name = "Export Word (DOCX)" }).ClickAsync();
        var docx = await page.RunAndWaitForDownloadAsync(() =>
            export
                .GetByRole(AriaRole.Button, new() { Name = "Download Word (DOCX)" })
                .ClickAsync(new() { Timeout = 60_000 })
        );
        Assert.Equal("Mary Jackson CV.docx", docx.SuggestedFilename);
        Assert.Equal("PK"u8.ToArray(), (await File.ReadAllBytesAsync((await docx.PathAsync())!))[..2]);

        await export.GetByRole(AriaRole.Button, new() { Name = "Export PDF" }).ClickAsync();
        var pdf = await page.RunAndWaitForDownloadAsync(() =>
            export.GetByRole(AriaRole.Button, new() { Name = "Download PDF" }).ClickAsync(new() { Timeout = 120_000 })
        );
        Assert.EndsWith(".pdf", pdf.SuggestedFilename);

        // This topology's JSON Resume jobs time out at once (WebAppFixture), so this export fails: the user retries it,
        // and the engine runs it again (a third attempt).
        var started = await page.RunAndWaitForResponseAsync(
            () => export.GetByRole(AriaRole.Button, new() { Name = "Export JSON Resume" }).ClickAsync(),
            r => r.Request.Method == "POST" && r.Url.EndsWith("/api/v1/export/json", StringComparison.Ordinal));
        var jobId = (await started.JsonAsync())!.Value.GetProperty("jobId").GetString();
        var json = export.Locator("[data-testid='export-status-JSON Resume']");
        await Assertions.Expect(json).ToHaveAttributeAsync("data-status", "dead_letter", new() { Timeout = 60_000 });
        await Assertions.Expect(json).ToContainTextAsync("JSON Resume export failed");
        await json.GetByRole(AriaRole.Button, new() { Name = "Retry JSON Resume export" }).ClickAsync();
        var deadline = DateTime.UtcNow.AddSeconds(60);
        var view = await api.SendJsonAsync(HttpMethod.Get, $"/api/v1/export/job/{jobId}", null, HttpStatusCode.OK);
        while (view["attempts"]!.GetValue<int>() < 3 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(300);
            view = await api.SendJsonAsync(HttpMethod.Get, $"/api/v1/export/job/{jobId}", null, HttpStatusCode.OK);
        }
        Assert.True(view["attempts"]!.GetValue<int>() >= 3, view.ToJsonString());
        await Assertions.Expect(json).ToHaveAttributeAsync("data-status", "dead_letter", new() { Timeout = 60_000 });

        await page.GotoAsync("/exports");
        var table = page.GetByRole(AriaRole.Table, new() { Name = "Export history" });
        var docxRow = table.GetByRole(AriaRole.Row).Filter(new() { HasText = "Word (DOCX)" });
        await Assertions.Expect(docxRow).ToHaveCountAsync(1);
        var again = await page.RunAndWaitForDownloadAsync(() => docxRow.GetByRole(AriaRole.Button).ClickAsync());
        Assert.Equal("Mary Jackson CV.docx", again.SuggestedFilename);
        await Assertions.Expect(docxRow).ToContainTextAsync("1"); // its download count
        await fixture.ScreenshotAsync(page, "formats-history");
        Assert.True(fixture.UnexpectedConsoleErrors(session).Count == 0, session.Diagnostics);
    }

    [Fact]
    public async Task Several_documents_export_as_PDFs_in_one_ZIP()
    {
        await using var session = await fixture.NewSessionAsync();
        var page = session.Page;
        await SignUpAsync(page, "Annie Easley");
        using var api = await ApiFromPageAsync(page, fixture.GatewayUrl);
        await CreateResumeAsync(api, "Easley for NASA", "Annie Easley");
        await CreateResumeAsync(api, "Easley for NACA", "Annie Easley");
        await page.ReloadAsync();

        await page.GetByText("Export several documents as one ZIP").ClickAsync();
        var panel = page.Locator("details.batch-zip");
        await panel.GetByRole(AriaRole.Checkbox, new() { Name = "Easley for NASA" }).CheckAsync();
        await panel.GetByRole(AriaRole.Checkbox, new() { Name = "Easley for NACA" }).CheckAsync();
        await panel.GetByRole(AriaRole.Button, new() { Name = "Export 2 as ZIP" }).ClickAsync();
        var zip = await page.RunAndWaitForDownloadAsync(() =>
            panel.GetByRole(AriaRole.Button, new() { Name = "Download ZIP" }).ClickAsync(new() { Timeout = 120_000 })
        );
        using var archive = ZipFile.OpenRead((await zip.PathAsync())!);
        var names = archive.Entries.Select(e => e.Name).Order().ToList();
        Assert.Equal(2, names.Count);
        Assert.All(names, n => Assert.EndsWith(".pdf", n));
        Assert.Contains(names, n => n.StartsWith("Easley for NASA", StringComparison.Ordinal));
        foreach (var entry in archive.Entries)
        {
            using var stream = entry.Open();
            var head = new byte[5];
            stream.ReadExactly(head);
            Assert.Equal("%PDF-"u8.ToArray(), head);
        }
        Assert.True(fixture.UnexpectedConsoleErrors(session).Count == 0, session.Diagnostics);
    }

    internal static ILocator ImportControl(IPage page) =>
        page.GetByLabel("Import a resume: PDF, Word, LinkedIn data export (ZIP) or JSON Resume");

    private static async Task<string> CreateResumeAsync(
        ResumePair.Testing.Topology.GatewayClient api,
        string title,
        string name
    )
    {
        var created = await api.SendJsonAsync(
            HttpMethod.Post,
            "/api/v1/documents",
            new JsonObject
            {
                ["type"] = "resume",
                ["title"] = title,
                ["data"] = new JsonObject
                {
                    ["profile"] = new JsonObject { ["name"] = name, ["headline"] = "Mathematician" },
                    ["work"] = new JsonArray(
                        new JsonObject
                        {
                            ["company"] = "NASA",
                            ["position"] = "Programmer",
                            ["startDate"] = "1955",
                        }
                    ),
                },
            },
            HttpStatusCode.Created
        );
        return created["id"]!.GetValue<string>();
    }
}
