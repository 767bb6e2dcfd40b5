using ResumePair.Contracts.Documents;

namespace ResumePair.ExportOrchestrator.Exports.Docx;

/// <summary>A cover letter: sender, date, recipient, subject, greeting, paragraphs, closing and signature.</summary>
internal static class LetterContent
{
    public static void Write(DocxBuilder b, CoverLetterData l)
    {
        var s = l.Sender;
        b.Text(DocxStyles.Title, s.Name);
        var contact = string.Join(" | ", new[]
        {
            s.Email, s.Phone, string.Join(", ", new[] { s.Address, s.Location, s.Region, s.PostalCode, s.CountryCode }
                .Where(x => !string.IsNullOrWhiteSpace(x))), s.Website,
        }.Where(x => !string.IsNullOrWhiteSpace(x)));
        b.Text(DocxStyles.Meta, contact);
        b.Text(
            null,
            DateTime.TryParseExact(
                l.Date,
                "yyyy-MM-dd",
                System.Globalization.CultureInfo.InvariantCulture,
                System.Globalization.DateTimeStyles.None,
                out var date
            )
                ? date.ToString("d MMMM yyyy", System.Globalization.CultureInfo.InvariantCulture)
                : l.Date
        );
        b.Text(
            null,
            string.Join(
                "\n",
                new[] { l.Recipient.Name, l.Recipient.Title, l.Recipient.Company, l.Recipient.Address }.Where(x =>
                    !string.IsNullOrWhiteSpace(x)
                )
            )
        );
        if (!string.IsNullOrWhiteSpace(l.Subject)) b.Text(DocxStyles.Heading1, l.Subject);
        b.Text(null, l.Greeting);
        foreach (var paragraph in l.Paragraphs) b.Text(null, paragraph);
        b.Text(null, l.Closing);
        b.Text(null, l.Signature ?? s.Name);
    }
}
