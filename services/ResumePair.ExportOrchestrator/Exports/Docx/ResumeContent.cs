using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Wordprocessing;
using ResumePair.Contracts.Documents;
using ResumePair.Contracts.Documents.Validation;

namespace ResumePair.ExportOrchestrator.Exports.Docx;

/// <summary>
/// A resume's body: name, headline and contact line, then each section in the design's order under its heading,
/// entries as the templates print them (title and dates, organisation and place, text, bullets).
/// </summary>
internal sealed class ResumeContent(DocxBuilder b, ResumeData r)
{
    private readonly string? _dates = r.Design?.DateFormat;

    public void Write()
    {
        var p = r.Profile;
        b.Text(DocxStyles.Title, p.Name);
        b.Text(DocxStyles.Subtitle, p.Headline);
        Contact(p);
        foreach (var key in Order()) Section(key);
    }

    private IEnumerable<string> Order()
    {
        var hidden = r.Design?.HiddenSections ?? [];
        return (r.Design?.SectionOrder ?? [])
            .Concat(ResumeDocx.DefaultOrder)
            .Distinct()
            .Where(k => !hidden.Contains(k));
    }

    private string Title(string key) =>
        r.Design?.SectionTitles?.GetValueOrDefault(key) is { Length: > 0 } own
            ? own.Trim()
            : ResumeDocx.DefaultTitles.GetValueOrDefault(key, key);

    private void Contact(Profile p)
    {
        var parts = new List<OpenXmlElement[]>();
        if (Has(p.Email))
            parts.Add(
                FieldFormats.IsEmail(p.Email!) ? [b.Link("mailto:" + p.Email, p.Email!)] : [DocxBuilder.Runs(p.Email!)]
            );
        if (Has(p.Phone)) parts.Add([DocxBuilder.Runs(p.Phone!)]);
        var place = Join(", ", p.Address, p.Location, p.Region, p.PostalCode, p.CountryCode);
        if (place.Length > 0) parts.Add([DocxBuilder.Runs(place)]);
        if (Has(p.Website)) parts.Add([b.Link(p.Website!)]);
        foreach (var link in p.Links.Where(l => Has(l.Url)))
        {
            var label = Join(" ", link.Label, Has(link.Username) ? $"({link.Username!.Trim()})" : null);
            parts.Add(label.Length == 0 ? [b.Link(link.Url)] : [DocxBuilder.Runs(label + ": "), b.Link(link.Url)]);
        }
        if (parts.Count == 0) return;
        var content = new List<OpenXmlElement>();
        foreach (var part in parts)
        {
            if (content.Count > 0) content.Add(DocxBuilder.Runs(" | "));
            content.AddRange(part);
        }
        b.Paragraph(DocxStyles.Meta, [.. content]);
    }

    private void Section(string key)
    {
        switch (key)
        {
            case "summary" when Has(r.Profile.Summary):
                b.Heading1(Title(key));
                b.Text(null, r.Profile.Summary);
                break;
            case "work" when r.Work.Count > 0:
                b.Heading1(Title(key));
                foreach (var w in r.Work)
                    Entry(
                        w.Position,
                        w.Company,
                        w.Url,
                        w.Location,
                        DocxDates.Range(w.StartDate, w.EndDate, _dates, w.Current),
                        w.Description,
                        w.Summary,
                        w.Highlights
                    );
                break;
            case "education" when r.Education.Count > 0:
                b.Heading1(Title(key));
                foreach (var e in r.Education)
                {
                    Entry(
                        Join(" in ", e.StudyType, e.Area),
                        e.Institution,
                        e.Url,
                        e.Location,
                        DocxDates.Range(e.StartDate, e.EndDate, _dates)
                    );
                    b.Labelled("Grade", e.Score);
                    b.Labelled("Courses", string.Join(", ", e.Courses));
                }
                break;
            case "skills" when r.Skills.Count > 0:
                b.Heading1(Title(key));
                b.Bullets(r.Skills.Select(s => Join("", s.Name, Has(s.Level) ? $" ({Capitalize(s.Level!)})" : null,
                    s.Keywords.Count > 0 ? ": " + string.Join(", ", s.Keywords) : null)));
                break;
            case "projects" when r.Projects.Count > 0:
                b.Heading1(Title(key));
                foreach (var x in r.Projects)
                {
                    Entry(
                        x.Name,
                        Has(x.Entity) ? x.Entity : x.Url,
                        x.Url,
                        null,
                        DocxDates.Range(x.StartDate, x.EndDate, _dates),
                        null,
                        x.Description,
                        x.Highlights
                    );
                    b.Labelled("Roles", string.Join(", ", x.Roles));
                    b.Labelled("Type", x.Type);
                    b.Labelled("Technologies", string.Join(", ", x.Keywords));
                }
                break;
            case "certifications" when r.Certifications.Count > 0:
                b.Heading1(Title(key));
                foreach (var c in r.Certifications)
                {
                    Entry(c.Name, c.Issuer, null, null, DocxDates.Date(c.Date, _dates));
                    if (Has(c.Url) && FieldFormats.IsHttpUrl(c.Url!)) b.Paragraph(null, b.Link(c.Url!));
                }
                break;
            case "languages" when r.Languages.Count > 0:
                b.Heading1(Title(key));
                b.Bullets(
                    r.Languages.Select(l => Join("", l.Language, Has(l.Fluency) ? $" ({l.Fluency!.Trim()})" : null))
                );
                break;
            case "volunteer" when r.Volunteer.Count > 0:
                b.Heading1(Title(key));
                foreach (var v in r.Volunteer)
                    Entry(
                        v.Position,
                        v.Organization,
                        v.Url,
                        null,
                        DocxDates.Range(v.StartDate, v.EndDate, _dates),
                        null,
                        v.Summary,
                        v.Highlights
                    );
                break;
            case "awards" when r.Awards.Count > 0:
                b.Heading1(Title(key));
                foreach (var a in r.Awards)
                    Entry(a.Title, a.Awarder, null, null, DocxDates.Date(a.Date, _dates), null, a.Summary);
                break;
            case "publications" when r.Publications.Count > 0:
                b.Heading1(Title(key));
                foreach (var x in r.Publications)
                    Entry(x.Name, x.Publisher, x.Url, null, DocxDates.Date(x.ReleaseDate, _dates), null, x.Summary);
                break;
            case "interests" when r.Interests.Count > 0:
                b.Heading1(Title(key));
                b.Bullets(r.Interests.Select(i => Join(": ", i.Name, string.Join(", ", i.Keywords))));
                break;
            case "references" when r.References.Count > 0:
                b.Heading1(Title(key));
                foreach (var x in r.References) Entry(x.Name, null, null, null, null, null, x.Reference);
                break;
            case "custom":
                foreach (var s in r.CustomSections.Where(s => s.Items.Count > 0))
                {
                    b.Heading1(Has(s.Title) ? s.Title : "More");
                    foreach (var i in s.Items)
                        Entry(
                            i.Title,
                            i.Subtitle,
                            null,
                            null,
                            DocxDates.Date(i.Date, _dates),
                            null,
                            i.Description,
                            i.Highlights
                        );
                }
                break;
        }
    }

    /// <summary>Title and dates; organisation (linked when it has a URL) and place; a line about it; text;
    /// bullets.</summary>
    private void Entry(string? title, string? org, string? orgUrl, string? where, string? when, string? detail = null,
        string? text = null, IReadOnlyList<string>? bullets = null)
    {
        var (heading, sub) = Has(title) ? (title, org) : (org, null);
        b.Heading2(heading, when);
        var line = new List<OpenXmlElement>();
        if (Has(sub))
            line.Add(
                Has(orgUrl) && FieldFormats.IsHttpUrl(orgUrl!) && sub != orgUrl ? b.Link(orgUrl!, sub!.Trim())
                : Has(orgUrl) && sub == orgUrl ? b.Link(orgUrl!)
                : DocxBuilder.Runs(sub!.Trim())
            );
        if (Has(where)) line.Add(DocxBuilder.Runs((line.Count > 0 ? ", " : "") + where!.Trim()));
        if (line.Count > 0) b.Paragraph(DocxStyles.Meta, [.. line]);
        b.Text(DocxStyles.Meta, detail);
        b.Text(null, text);
        b.Bullets(bullets ?? []);
    }

    private static bool Has(string? s) => !string.IsNullOrWhiteSpace(s);

    private static string Join(string separator, params string?[] parts) =>
        string.Join(separator, parts.Where(Has).Select(p => p!.Trim()));

    private static string Capitalize(string s) => char.ToUpperInvariant(s.Trim()[0]) + s.Trim()[1..];
}
