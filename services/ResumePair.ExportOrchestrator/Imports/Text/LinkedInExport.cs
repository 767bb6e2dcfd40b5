using System.Globalization;
using System.IO.Compression;
using System.Text.RegularExpressions;
using nietras.SeparatedValues;
using ResumePair.Contracts.Documents;
using ResumePair.Contracts.Documents.Validation;
using ResumePair.ExportOrchestrator.Jobs.Engine;

namespace ResumePair.ExportOrchestrator.Imports;

/// <summary>
/// LinkedIn's data export ("Get a copy of your data": a ZIP of CSV files) as resume data. The files and columns are
/// LinkedIn's own: Profile.csv (First Name, Last Name, Headline, Summary, Geo Location, Websites), Positions.csv
/// (Company Name, Title, Description, Location, Started On, Finished On), Education.csv (School Name, Start Date,
/// End Date, Notes, Degree Name, Activities), Skills.csv (Name), Languages.csv (Name, Proficiency), Certifications.csv
/// (Name, Url, Authority, Started On, Finished On, License Number), Email Addresses.csv, PhoneNumbers.csv. No AI is
/// needed: the columns say what each value is. Every limit a ZIP can break (entries, sizes, ratios) is checked before
/// a byte is inflated beyond it.
/// </summary>
public static partial class LinkedInExport
{
    public static readonly string[] KnownFiles =
        ["Profile.csv", "Positions.csv", "Education.csv", "Skills.csv", "Languages.csv", "Certifications.csv"];

    private const int MaxEntries = 500;
    private const long MaxFileBytes = 2 * 1024 * 1024;
    private const long MaxTotalBytes = 8 * 1024 * 1024;

    /// <summary>Whether a ZIP looks like LinkedIn's export: one of its resume files at the top level.</summary>
    public static bool IsExport(ZipArchive zip) =>
        zip.Entries.Any(e => KnownFiles.Contains(e.FullName, StringComparer.OrdinalIgnoreCase));

    public static ResumeData Read(byte[] content)
    {
        Dictionary<string, List<Dictionary<string, string>>> files;
        try
        {
            files = Files(content);
        }
        catch (InvalidDataException e)
        {
            throw new PermanentJobException(
                $"The ZIP could not be read ({e.Message}). Download the export from LinkedIn again.", e);
        }
        if (!files.TryGetValue("profile.csv", out var profileRows) || profileRows.Count == 0)
            throw new PermanentJobException(
                "The LinkedIn export has no Profile.csv (or it is empty): upload the whole ZIP LinkedIn sent, "
                + "not a part of it.");
        var p = profileRows[0];
        var name = $"{p.GetValueOrDefault("First Name")} {p.GetValueOrDefault("Last Name")}".Trim();
        var websites = Urls().Matches(p.GetValueOrDefault("Websites") ?? "").Select(m => m.Value)
            .Where(u => FieldFormats.IsHttpUrl(u) && u.Length <= DocumentLimits.Url).ToList();
        var email = Rows(files, "Email Addresses.csv").OrderByDescending(r => r.GetValueOrDefault("Primary") == "Yes")
            .Select(r => r.GetValueOrDefault("Email Address"))
            .FirstOrDefault(e => e is not null && FieldFormats.IsEmail(e));
        var phone = Rows(files, "PhoneNumbers.csv").Select(r => r.GetValueOrDefault("Number"))
            .FirstOrDefault(n => !string.IsNullOrWhiteSpace(n));
        return new ResumeData
        {
            Profile = new Profile
            {
                Name = Short(name.Length > 0 ? name : null) ?? "Your Name",
                Headline = Short(p.GetValueOrDefault("Headline")),
                Summary = Cap(p.GetValueOrDefault("Summary"), DocumentLimits.Long),
                Location = Short(p.GetValueOrDefault("Geo Location")),
                Email = email is { Length: <= DocumentLimits.Email } ? email : null,
                Phone = Cap(phone, DocumentLimits.Phone),
                Website = websites.FirstOrDefault(),
                Links = websites.Skip(1).Take(DocumentLimits.Items).Select(u => new Link("Website", u)).ToList(),
            },
            Work = Rows(files, "Positions.csv").Select(r => new WorkEntry
            {
                Company = Short(r.GetValueOrDefault("Company Name")) ?? "",
                Position = Short(r.GetValueOrDefault("Title")) ?? "",
                Location = Short(r.GetValueOrDefault("Location")),
                StartDate = Date(r.GetValueOrDefault("Started On")),
                EndDate = Date(r.GetValueOrDefault("Finished On")),
                Current = string.IsNullOrWhiteSpace(r.GetValueOrDefault("Finished On")),
                Summary = Cap(r.GetValueOrDefault("Description"), DocumentLimits.Long),
            }).Where(w => w.Company.Length > 0 || w.Position.Length > 0).Take(DocumentLimits.Items).ToList(),
            // LinkedIn keeps the degree as one text ("Bachelor of Science - BS"): it stays whole, as the study type.
            Education = Rows(files, "Education.csv").Select(r => new EducationEntry
            {
                Institution = Short(r.GetValueOrDefault("School Name")) ?? "",
                StudyType = Short(r.GetValueOrDefault("Degree Name")),
                StartDate = Date(r.GetValueOrDefault("Start Date")),
                EndDate = Date(r.GetValueOrDefault("End Date")),
            }).Where(e => e.Institution.Length > 0).Take(DocumentLimits.Items).ToList(),
            Skills = Rows(files, "Skills.csv").Select(r => Short(r.GetValueOrDefault("Name"))).OfType<string>()
                .Distinct(StringComparer.OrdinalIgnoreCase).Take(DocumentLimits.Items)
                .Select(n => new Skill { Name = n }).ToList(),
            Languages = Rows(files, "Languages.csv").Where(r => r.ContainsKey("Name"))
                .Select(r => new LanguageSkill
                {
                    Language = Short(r["Name"])!,
                    Fluency = Short(r.GetValueOrDefault("Proficiency")),
                })
                .Take(DocumentLimits.Items).ToList(),
            Certifications = Rows(files, "Certifications.csv").Where(r => r.ContainsKey("Name"))
                .Select(r => new Certification
                {
                    Name = Short(r["Name"])!,
                    Issuer = Short(r.GetValueOrDefault("Authority")),
                    Date = Date(r.GetValueOrDefault("Started On")),
                    Url = r.GetValueOrDefault("Url") is { Length: <= DocumentLimits.Url } u && FieldFormats.IsHttpUrl(u)
                        ? u : null,
                }).Take(DocumentLimits.Items).ToList(),
        };
    }

    /// <summary>The export's known CSV files, parsed; limits hold on the declared and on the real sizes.</summary>
    private static Dictionary<string, List<Dictionary<string, string>>> Files(byte[] content)
    {
        using var zip = new ZipArchive(new MemoryStream(content, writable: false), ZipArchiveMode.Read);
        if (zip.Entries.Count > MaxEntries)
            throw new PermanentJobException(
                $"The ZIP holds {zip.Entries.Count:N0} files, more than LinkedIn's export ({MaxEntries} at most).");
        var wanted = KnownFiles.Concat(["Email Addresses.csv", "PhoneNumbers.csv"])
            .ToHashSet(StringComparer.OrdinalIgnoreCase);
        var files = new Dictionary<string, List<Dictionary<string, string>>>(StringComparer.OrdinalIgnoreCase);
        long total = 0;
        foreach (var entry in zip.Entries.Where(e => wanted.Contains(e.FullName)))
        {
            if (entry.Length > MaxFileBytes || (total += entry.Length) > MaxTotalBytes)
                throw TooLarge(entry.FullName);
            using var stream = entry.Open();
            // The declared size is the archive's claim: the inflated bytes are counted too.
            var bytes = new MemoryStream();
            var buffer = new byte[64 * 1024];
            int read;
            while ((read = stream.Read(buffer)) > 0)
            {
                if (bytes.Length + read > MaxFileBytes) throw TooLarge(entry.FullName);
                bytes.Write(buffer, 0, read);
            }
            bytes.Position = 0;
            files[entry.FullName.ToLowerInvariant()] = Csv(bytes);
        }
        return files;
    }

    private static PermanentJobException TooLarge(string file) =>
        new($"{file} inflates to more than {MaxFileBytes / 1024 / 1024} MB (or the files together to more than "
            + $"{MaxTotalBytes / 1024 / 1024} MB): not a LinkedIn export's size.");

    private static List<Dictionary<string, string>> Csv(Stream stream)
    {
        // Comma-separated with quoted multi-line descriptions; a short row (a trailing empty column dropped) is kept.
        using var reader = Sep.New(',').Reader(o => o with { Unescape = true, DisableColCountCheck = true })
            .From(stream);
        var header = reader.Header.ColNames;
        var rows = new List<Dictionary<string, string>>();
        foreach (var row in reader)
        {
            var values = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            for (var i = 0; i < Math.Min(header.Count, row.ColCount); i++)
                if (row[i].ToString().Trim() is { Length: > 0 } value) values[header[i].Trim()] = value;
            if (values.Count > 0) rows.Add(values);
        }
        return rows;
    }

    private static IEnumerable<Dictionary<string, string>> Rows(
        Dictionary<string, List<Dictionary<string, string>>> files, string name) =>
        files.TryGetValue(name.ToLowerInvariant(), out var rows) ? rows : [];

    /// <summary>"Mar 2019" → "2019-03", "2016" → "2016"; anything else is left out rather than guessed.</summary>
    internal static string? Date(string? value)
    {
        if (string.IsNullOrWhiteSpace(value)) return null;
        var v = value.Trim();
        foreach (var format in new[] { "MMM yyyy", "MMMM yyyy", "MM/yyyy", "yyyy-MM", "dd MMM yyyy", "M/d/yyyy" })
            if (DateTime.TryParseExact(v, format, CultureInfo.InvariantCulture, DateTimeStyles.None, out var d))
                return d.ToString("yyyy-MM", CultureInfo.InvariantCulture);
        return YearOnly().IsMatch(v) ? v : null;
    }

    private static string? Short(string? value) => Cap(value, DocumentLimits.Short);

    private static string? Cap(string? value, int max)
    {
        if (string.IsNullOrWhiteSpace(value)) return null;
        var v = value.Trim();
        return v.Length <= max ? v : v[..max].TrimEnd();
    }

    [GeneratedRegex(@"https?://[^\s,\]\[]+")]
    private static partial Regex Urls();

    [GeneratedRegex(@"^(?:19|20)\d{2}$")]
    private static partial Regex YearOnly();
}
