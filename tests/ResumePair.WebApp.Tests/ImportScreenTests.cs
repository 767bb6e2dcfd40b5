using System.IO.Compression;
using System.Text;
using Microsoft.Playwright;
using ResumePair.Testing;
using Xunit;
using static ResumePair.WebApp.Tests.Steps;

namespace ResumePair.WebApp.Tests;

/// <summary>
/// The import screen (#16): a two-column PDF and a LinkedIn data export uploaded in the web app, what the importer
/// found shown field by field, and the lines it could not place offered to place (here: as a skill) or drop.
/// </summary>
[Collection(WebAppCollection.Name)]
public sealed class ImportScreenTests(WebAppFixture fixture)
{
    [Fact]
    public async Task A_two_column_PDF_shows_its_fields_and_the_unplaced_lines_can_be_placed_or_dropped()
    {
        await using var session = await fixture.NewSessionAsync();
        var page = session.Page;
        await SignUpAsync(page, "Import Person");
        var pdf = Path.Combine(RepositoryPaths.Root!, "tests", "corpus", "cases", "17-en-pdf-chromium-twocol.pdf");

        await FormatsTests.ImportControl(page).SetInputFilesAsync(pdf);
        await page.WaitForURLAsync("**/imports/*", new() { Timeout = 30_000 });
        var found = page.GetByRole(AriaRole.Region, new() { Name = "What we found" });
        await Assertions.Expect(found).ToBeVisibleAsync(new() { Timeout = 120_000 });
        var expected = System.Text.Json.Nodes.JsonNode.Parse(
            await File.ReadAllTextAsync(Path.ChangeExtension(pdf, ".json"))
        )!;
        await Assertions
            .Expect(found.Locator("[data-field='profile.name']"))
            .ToHaveTextAsync(expected["profile"]!["name"]!.GetValue<string>());
        var work = expected["work"]!.AsArray();
        await Assertions.Expect(found.Locator("[data-section=work] li")).ToHaveCountAsync(work.Count);
        await Assertions
            .Expect(found.Locator("[data-section=work]"))
            .ToContainTextAsync(work[0]!["company"]!.GetValue<string>());
        await fixture.ScreenshotAsync(page, "import-two-column");

        // The unplaced lines: this PDF leaves none, so the screen says so; placing and dropping are shown on a file
        // that does.
        var unplaced = page.GetByRole(AriaRole.Region, new() { Name = "Lines we could not place" });
        await Assertions.Expect(unplaced).ToBeVisibleAsync();
        var lines = await unplaced.Locator("[data-testid=unplaced-line]").CountAsync();
        if (lines == 0) await Assertions.Expect(unplaced).ToContainTextAsync("Every line found its place.");
        Assert.True(fixture.UnexpectedConsoleErrors(session).Count == 0, session.Diagnostics);
    }

    [Fact]
    public async Task Unplaced_lines_of_a_pasted_style_resume_are_placed_as_a_skill_or_dropped()
    {
        await using var session = await fixture.NewSessionAsync();
        var page = session.Page;
        await SignUpAsync(page, "Jane Doe");
        // A Word file with lines the parser cannot place: an unknown line above the first heading, between contact
        // lines.
        await FormatsTests.ImportControl(page).SetInputFilesAsync(new FilePayload
        {
            Name = "jane.docx", MimeType = "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            Buffer = Docx.Of("Jane Doe", "jane@example.com", "Loves chess and origami", "Fluent in Kotlin coroutines",
                "Experience", "Senior Engineer, Acme Corp, 2020 – 2024", "• Built pipelines", "Skills", "Python, SQL"),
        });
        await page.WaitForURLAsync("**/imports/*", new() { Timeout = 30_000 });
        var unplaced = page.GetByRole(AriaRole.Region, new() { Name = "Lines we could not place" });
        var lines = unplaced.Locator("[data-testid=unplaced-line]");
        await Assertions.Expect(lines.First).ToBeVisibleAsync(new() { Timeout = 120_000 });
        var count = await lines.CountAsync();
        Assert.True(count >= 2, $"{count} unplaced lines");
        var first = (await lines.Nth(0).Locator("q").TextContentAsync())!;
        var second = (await lines.Nth(1).Locator("q").TextContentAsync())!;
        await fixture.ScreenshotAsync(page, "import-unplaced");

        await lines
            .Nth(0)
            .GetByRole(AriaRole.Combobox)
            .SelectOptionAsync(new SelectOptionValue { Label = "A new skill" });
        await lines.Nth(0).GetByRole(AriaRole.Button, new() { Name = "Place" }).ClickAsync();
        await Assertions.Expect(lines).ToHaveCountAsync(count - 1);
        await Assertions
            .Expect(page.GetByRole(AriaRole.Region, new() { Name = "What we found" }).Locator("[data-section=skills]"))
            .ToContainTextAsync(first);
        await lines.Filter(new() { HasText = second }).GetByRole(AriaRole.Button, new() { Name = "Drop" }).ClickAsync();
        await Assertions.Expect(lines).ToHaveCountAsync(count - 2);

        await page.GetByRole(AriaRole.Link, new() { Name = "Open in the editor" }).ClickAsync();
        await Assertions
            .Expect(page.GetByRole(AriaRole.Region, new() { Name = "Skills", Exact = true }))
            .ToContainTextAsync(first);
        Assert.True(fixture.UnexpectedConsoleErrors(session).Count == 0, session.Diagnostics);
    }

    [Fact]
    public async Task A_LinkedIn_data_export_imports_with_its_positions_education_and_skills()
    {
        await using var session = await fixture.NewSessionAsync();
        var page = session.Page;
        await SignUpAsync(page, "Zoë Lindqvist");
        await FormatsTests.ImportControl(page).SetInputFilesAsync(new FilePayload
        {
            Name = "Basic_LinkedInDataExport_12-07-2026.zip", MimeType = "application/zip", Buffer = LinkedInZip(),
        });
        await page.WaitForURLAsync("**/imports/*", new() { Timeout = 30_000 });
        var found = page.GetByRole(AriaRole.Region, new() { Name = "What we found" });
        await Assertions
            .Expect(found.Locator("[data-field='profile.name']"))
            .ToHaveTextAsync("Zoë Lindqvist", new() { Timeout = 120_000 });
        await Assertions
            .Expect(found.Locator("[data-field='profile.headline']"))
            .ToHaveTextAsync("Staff Data Engineer");
        await Assertions.Expect(found.Locator("[data-section=work] li")).ToHaveCountAsync(2);
        await Assertions.Expect(found.Locator("[data-section=work]")).ToContainTextAsync("Acme Corp");
        await Assertions
            .Expect(found.Locator("[data-section=education]"))
            .ToContainTextAsync("KTH Royal Institute of Technology");
        await Assertions.Expect(found.Locator("[data-section=skills]")).ToContainTextAsync("Apache Kafka");
        await Assertions.Expect(page.GetByRole(AriaRole.Region, new() { Name = "Lines we could not place" }))
            .ToContainTextAsync("Every line found its place.");
        await fixture.ScreenshotAsync(page, "import-linkedin");
        Assert.True(fixture.UnexpectedConsoleErrors(session).Count == 0, session.Diagnostics);
    }

    /// <summary>A LinkedIn "Get a copy of your data" archive: its file names and column headers, UTF-8 with a
    /// BOM.</summary>
    private static byte[] LinkedInZip()
    {
        var files = new Dictionary<string, string>
        {
            ["Profile.csv"] =
                "First Name,Last Name,Maiden Name,Address,Birth Date,Headline,Summary,Industry,Zip Code,Geo "
                    + "Location,Twitter Handles,Websites,Instant Messengers\nZoë,Lindqvist,,,,Staff Data "
                    + "Engineer,Builds streaming platforms.,Software,,\"Stockholm, Sweden\",,,\n",
            ["Positions.csv"] =
                "Company Name,Title,Description,Location,Started On,Finished On\nAcme Corp,Staff Data Engineer,\"Kafka "
                    + "pipelines, 2 billion events a day\",\"Stockholm, "
                    + "Sweden\",Mar 2021,\nGlobex,Data Engineer,,Uppsala,Sep 2016,Feb 2021\n",
            ["Education.csv"] =
                "School Name,Start Date,End Date,Notes,Degree Name,Activities\nKTH Royal Institute of "
                    + "Technology,2012,2016,,Master of Science - MS,\n",
            ["Skills.csv"] = "Name\nApache Kafka\nPython\n",
        };
        using var stream = new MemoryStream();
        using (var zip = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: true))
            foreach (var (name, content) in files)
            {
                using var writer = new StreamWriter(
                    zip.CreateEntry(name).Open(),
                    new UTF8Encoding(encoderShouldEmitUTF8Identifier: true)
                );
                writer.Write(content);
            }
        return stream.ToArray();
    }
}

/// <summary>A minimal Word document written by hand (the parts Word needs), one paragraph per line.</summary>
internal static class Docx
{
    public static byte[] Of(params string[] paragraphs)
    {
        var body = string.Concat(paragraphs.Select(p =>
            $"<w:p><w:r><w:t xml:space=\"preserve\">{System.Security.SecurityElement.Escape(p)}</w:t></w:r></w:p>"));
        var parts = new Dictionary<string, string>
        {
            ["[Content_Types].xml"] = """
                <?xml version="1.0" encoding="UTF-8"?>
                <Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
                <Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
                <Default Extension="xml" ContentType="application/xml"/>
                <Override PartName="/word/document.xml"
                  ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>
                </Types>
                """,
            ["_rels/.rels"] = """
                <?xml version="1.0" encoding="UTF-8"?>
                <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
                <Relationship Id="rId1" Target="word/document.xml"
                  Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"/>
                </Relationships>
                """,
            ["word/document.xml"] =
                "<?xml version=\"1.0\" encoding=\"UTF-8\"?><w:document "
                    + "xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:body>"
                + body
                + "</w:body></w:document>",
        };
        using var stream = new MemoryStream();
        using (var zip = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: true))
            foreach (var (name, content) in parts)
            {
                using var writer = new StreamWriter(zip.CreateEntry(name).Open(), new UTF8Encoding(false));
                writer.Write(content.Trim());
            }
        return stream.ToArray();
    }
}
