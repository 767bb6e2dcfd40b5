using System.Globalization;
using ResumePair.Contracts.Documents;

namespace ResumePair.Documents.Documents;

/// <summary>
/// Content rules the type system cannot express: required fields, date and URL formats, length caps,
/// no null list entries. Every problem is reported with its path (e.g. <c>data.work[0].startDate</c>).
/// Only the profile name is required, so an editor can autosave half-filled entries.
/// </summary>
public static class DocumentRules
{
    public const int Short = 200;      // names, titles, places
    public const int Long = 5_000;     // summaries, descriptions, paragraphs
    public const int Item = 1_000;     // one highlight or bullet
    public const int MaxUrl = 2_048;
    public const int MaxItems = 100;   // entries in any list

    private static readonly string[] SkillLevels = ["beginner", "intermediate", "advanced", "expert"];

    public static void CheckResume(ResumeData resume, ValidationErrors errors)
    {
        var c = new Checker(errors);
        CheckProfile(c, "data.profile", resume.Profile, nameRequired: true);
        c.List("data.work", resume.Work, (p, w) =>
        {
            c.Text($"{p}.company", w.Company, Short);
            c.Text($"{p}.position", w.Position, Short);
            c.Text($"{p}.location", w.Location, Short);
            c.Url($"{p}.url", w.Url);
            c.Period(p, w.StartDate, w.EndDate);
            c.Text($"{p}.summary", w.Summary, Long);
            c.Strings($"{p}.highlights", w.Highlights, Item);
        });
        c.List("data.education", resume.Education, (p, e) =>
        {
            c.Text($"{p}.institution", e.Institution, Short);
            c.Text($"{p}.area", e.Area, Short);
            c.Text($"{p}.studyType", e.StudyType, Short);
            c.Text($"{p}.location", e.Location, Short);
            c.Period(p, e.StartDate, e.EndDate);
            c.Text($"{p}.score", e.Score, Short);
            c.Strings($"{p}.courses", e.Courses, Short);
        });
        c.List("data.skills", resume.Skills, (p, s) =>
        {
            c.Text($"{p}.name", s.Name, Short);
            if (s.Level is not null && !SkillLevels.Contains(s.Level))
                c.Fail($"{p}.level", $"Must be one of: {string.Join(", ", SkillLevels)}.");
            c.Strings($"{p}.keywords", s.Keywords, Short);
        });
        c.List("data.projects", resume.Projects, (p, x) =>
        {
            c.Text($"{p}.name", x.Name, Short);
            c.Text($"{p}.description", x.Description, Long);
            c.Url($"{p}.url", x.Url);
            c.Period(p, x.StartDate, x.EndDate);
            c.Strings($"{p}.highlights", x.Highlights, Item);
            c.Strings($"{p}.keywords", x.Keywords, Short);
        });
        c.List("data.certifications", resume.Certifications, (p, x) =>
        {
            c.Text($"{p}.name", x.Name, Short);
            c.Text($"{p}.issuer", x.Issuer, Short);
            c.Date($"{p}.date", x.Date);
            c.Url($"{p}.url", x.Url);
        });
        c.List("data.languages", resume.Languages, (p, x) =>
        {
            c.Text($"{p}.language", x.Language, Short);
            c.Text($"{p}.fluency", x.Fluency, Short);
        });
        c.List("data.customSections", resume.CustomSections, (p, x) =>
        {
            c.Text($"{p}.title", x.Title, Short);
            c.List($"{p}.items", x.Items, (q, i) =>
            {
                c.Text($"{q}.title", i.Title, Short);
                c.Text($"{q}.subtitle", i.Subtitle, Short);
                c.Date($"{q}.date", i.Date);
                c.Text($"{q}.description", i.Description, Long);
                c.Strings($"{q}.highlights", i.Highlights, Item);
            });
        });
    }

    public static void CheckCoverLetter(CoverLetterData letter, ValidationErrors errors)
    {
        var c = new Checker(errors);
        CheckProfile(c, "data.sender", letter.Sender, nameRequired: false);
        c.Text("data.recipient.name", letter.Recipient.Name, Short);
        c.Text("data.recipient.title", letter.Recipient.Title, Short);
        c.Text("data.recipient.company", letter.Recipient.Company, Short);
        c.Text("data.recipient.address", letter.Recipient.Address, Item);
        c.Date("data.date", letter.Date);
        c.Text("data.subject", letter.Subject, Short);
        c.Text("data.greeting", letter.Greeting, Short);
        c.Strings("data.paragraphs", letter.Paragraphs, Long);
        c.Text("data.closing", letter.Closing, Short);
        c.Text("data.signature", letter.Signature, Short);
    }

    private static void CheckProfile(Checker c, string p, Profile profile, bool nameRequired)
    {
        if (nameRequired && string.IsNullOrWhiteSpace(profile.Name)) c.Fail($"{p}.name", "Is required.");
        c.Text($"{p}.name", profile.Name, Short);
        c.Text($"{p}.headline", profile.Headline, Short);
        c.Text($"{p}.email", profile.Email, 254);
        if (!string.IsNullOrEmpty(profile.Email) && (!profile.Email.Contains('@') || profile.Email.Any(char.IsWhiteSpace)))
            c.Fail($"{p}.email", "Must be an email address.");
        c.Text($"{p}.phone", profile.Phone, 50);
        c.Text($"{p}.location", profile.Location, Short);
        c.Url($"{p}.website", profile.Website);
        c.Text($"{p}.summary", profile.Summary, Long);
        c.List($"{p}.links", profile.Links, (q, l) =>
        {
            c.Text($"{q}.label", l.Label, Short);
            c.Url($"{q}.url", l.Url);
            if (string.IsNullOrWhiteSpace(l.Url)) c.Fail($"{q}.url", "Is required.");
        });
        c.Text($"{p}.photoId", profile.PhotoId, 100);
    }

    private readonly struct Checker(ValidationErrors errors)
    {
        public void Fail(string path, string message) => errors.Add(path, message);

        public void Text(string path, string? value, int max)
        {
            if (value is not null && value.Length > max) Fail(path, $"Must be at most {max} characters.");
        }

        public void Strings(string path, IReadOnlyList<string> values, int max)
        {
            if (values.Count > MaxItems) Fail(path, $"Must have at most {MaxItems} entries.");
            for (var i = 0; i < values.Count && i < MaxItems; i++)
            {
                if (values[i] is null) Fail($"{path}[{i}]", "Must not be null.");
                else Text($"{path}[{i}]", values[i], max);
            }
        }

        public void List<T>(string path, IReadOnlyList<T> items, Action<string, T> check) where T : class
        {
            if (items.Count > MaxItems) Fail(path, $"Must have at most {MaxItems} entries.");
            for (var i = 0; i < items.Count && i < MaxItems; i++)
            {
                if (items[i] is null) Fail($"{path}[{i}]", "Must not be null.");
                else check($"{path}[{i}]", items[i]);
            }
        }

        public void Url(string path, string? value)
        {
            if (string.IsNullOrEmpty(value)) return;
            if (value.Length > MaxUrl) Fail(path, $"Must be at most {MaxUrl} characters.");
            else if (!IsHttpUrl(value)) Fail(path, "Must be an absolute http or https URL.");
        }

        public void Date(string path, string? value)
        {
            if (value is not null && !IsPartialDate(value)) Fail(path, "Must be a date as YYYY, YYYY-MM or YYYY-MM-DD.");
        }

        /// <summary>Both dates well-formed, and the end not before the start (compared at the shorter precision).</summary>
        public void Period(string path, string? start, string? end)
        {
            Date($"{path}.startDate", start);
            Date($"{path}.endDate", end);
            if (start is null || end is null || !IsPartialDate(start) || !IsPartialDate(end)) return;
            var n = Math.Min(start.Length, end.Length);
            if (string.CompareOrdinal(end[..n], start[..n]) < 0) Fail($"{path}.endDate", "Must not be before startDate.");
        }
    }

    public static bool IsHttpUrl(string value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
        && !string.IsNullOrEmpty(uri.Host);

    /// <summary>YYYY, YYYY-MM or YYYY-MM-DD, and a real calendar date.</summary>
    public static bool IsPartialDate(string value)
    {
        string[] formats = ["yyyy", "yyyy-MM", "yyyy-MM-dd"];
        return value.Length is 4 or 7 or 10
            && DateTime.TryParseExact(value, formats, CultureInfo.InvariantCulture, DateTimeStyles.None, out _);
    }
}
