using System.IO.Compression;
using System.Net.Http.Headers;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;

namespace ResumePair.ExportOrchestrator.Tests.Imports;

/// <summary>The files the import tests upload: committed PDFs (made with Chromium from resume.html) and a DOCX made
/// here.</summary>
public static class ImportFiles
{
    private static string Fixture(string name) => Path.Combine(AppContext.BaseDirectory, "Imports", "Fixtures", name);

    /// <summary>A one-page resume with selectable text (Chromium's print of Fixtures/resume.html).</summary>
    public static byte[] ResumePdf => File.ReadAllBytes(Fixture("resume.pdf"));

    /// <summary>A page holding only an image, like a scanned resume: no selectable text.</summary>
    public static byte[] ScannedPdf => File.ReadAllBytes(Fixture("scanned.pdf"));

    /// <summary>A Word document with paragraphs, a tab, a line break and a table (whose cells must be read
    /// too).</summary>
    public static byte[] ResumeDocx()
    {
        using var stream = new MemoryStream();
        using (var document = WordprocessingDocument.Create(stream, WordprocessingDocumentType.Document))
        {
            var main = document.AddMainDocumentPart();
            static Paragraph P(params OpenXmlElement[] runs) => new(new Run(runs));
            main.Document = new Document(
                new Body(
                    P(new Text("Max Mustermann")),
                    P(new Text("Product Manager"), new TabChar(), new Text("max@example.com")),
                    P(new Text("Experience")),
                    P(
                        new Text("Head of Product, Initech, 2018 to present"),
                        new Break(),
                        new Text("Grew the self-service revenue by 40 percent")
                    ),
                    new Table(
                        new TableRow(
                            new TableCell(P(new Text("Skills"))),
                            new TableCell(P(new Text("Roadmapping, user research, SQL")))
                        )
                    )
                )
            );
        }
        return stream.ToArray();
    }

    /// <summary>A ZIP that is not a Word document (no word/document.xml), like an .xlsx renamed.</summary>
    public static byte[] PlainZip()
    {
        using var stream = new MemoryStream();
        using (var zip = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: true))
        using (var writer = new StreamWriter(zip.CreateEntry("notes.txt").Open()))
            writer.Write("Not a resume.");
        return stream.ToArray();
    }

    /// <summary>multipart/form-data with the file in the field "file"; every instance has its own random
    /// boundary.</summary>
    public static MultipartFormDataContent Form(byte[] content, string fileName, string field = "file")
    {
        var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(content);
        file.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        form.Add(file, field, fileName);
        return form;
    }
}
