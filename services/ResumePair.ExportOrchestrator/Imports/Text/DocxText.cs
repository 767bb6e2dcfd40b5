using System.IO.Packaging;
using System.Text;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;
using ResumePair.ExportOrchestrator.Jobs.Engine;

namespace ResumePair.ExportOrchestrator.Imports;

/// <summary>
/// A DOCX's text with DocumentFormat.OpenXml: one line per paragraph (table cells included), tabs and breaks kept,
/// list paragraphs with a bullet.
/// </summary>
public static class DocxText
{
    public static string Extract(byte[] docx)
    {
        try
        {
            using var stream = new MemoryStream(docx, writable: false);
            using var document = WordprocessingDocument.Open(stream, isEditable: false);
            var body = document.MainDocumentPart?.Document?.Body;
            if (body is null) return "";
            var text = new StringBuilder();
            foreach (var paragraph in body.Descendants<Paragraph>())
            {
                // A Word list's bullet is numbering, not text: written out, the reader sees a bullet as in a PDF.
                if (paragraph.ParagraphProperties?.NumberingProperties is not null) text.Append("• ");
                foreach (var element in paragraph.Descendants())
                {
                    switch (element)
                    {
                        case Text t: text.Append(t.Text); break;
                        case TabChar: text.Append('\t'); break;
                        case Break or CarriageReturn: text.Append('\n'); break;
                    }
                }
                text.Append('\n');
            }
            return text.ToString();
        }
        catch (Exception e)
            when (e
                    is OpenXmlPackageException
                        or InvalidDataException
                        or FileFormatException
                        or IOException
                        or System.Xml.XmlException
            )
        {
            throw new PermanentJobException(
                "The DOCX file could not be read (it is damaged or not a Word document). "
                    + "Save it again as .docx or PDF, or paste the text instead.",
                e
            );
        }
    }
}
