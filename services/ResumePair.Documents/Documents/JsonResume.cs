using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using ResumePair.Contracts.Documents;
using ResumePair.Contracts.Documents.Validation;

namespace ResumePair.Documents.Documents;

/// <summary>
/// Converts between the JSON Resume format (jsonresume.org, schema v1.0.0) and ResumePair's resume schema.
/// Import is lenient (files in the wild vary: unknown fields are ignored, dates cut to YYYY[-MM[-DD]],
/// non-http links dropped, sections without an equivalent become custom sections); the result then
/// passes the same strict validation as any saved resume. Export maps the equivalent fields back;
/// custom sections have no JSON Resume equivalent and travel under <c>meta.resumepair</c>.
/// </summary>
public static partial class JsonResume
{
    public const string Format = "json-resume";

    public static ResumeData Import(JsonObject source)
    {
        var basics = source["basics"] as JsonObject;
        var profile = new Profile
        {
            Name = Str(basics, "name") ?? "",
            Headline = Str(basics, "label"),
            Email = Str(basics, "email"),
            Phone = Str(basics, "phone"),
            Website = Url(Str(basics, "url") ?? Str(basics, "website")),
            Summary = Str(basics, "summary"),
            Location = Location(basics?["location"]),
            Links = Objects(basics, "profiles")
                .Select(p => (Label: Str(p, "network") ?? Str(p, "username") ?? "Link", Url: Url(Str(p, "url"))))
                .Where(p => p.Url is not null).Select(p => new Link(p.Label, p.Url!)).ToList(),
        };

        var custom = new List<CustomSection>();
        void Section(string title, string key, Func<JsonObject, CustomItem> map)
        {
            var items = Objects(source, key).Select(map).ToList();
            if (items.Count > 0) custom.Add(new CustomSection { Title = title, Items = items });
        }
        Section("Volunteering", "volunteer", v => new CustomItem
        {
            Title = Str(v, "position") ?? Str(v, "organization") ?? "", Subtitle = Str(v, "organization"), Date = Date(Str(v, "startDate")),
            Description = Str(v, "summary"), Highlights = Strings(v, "highlights"),
        });
        Section("Awards", "awards", a => new CustomItem
        {
            Title = Str(a, "title") ?? "", Subtitle = Str(a, "awarder"), Date = Date(Str(a, "date")), Description = Str(a, "summary"),
        });
        Section("Publications", "publications", p => new CustomItem
        {
            Title = Str(p, "name") ?? "", Subtitle = Str(p, "publisher"), Date = Date(Str(p, "releaseDate")), Description = Str(p, "summary"),
        });
        Section("Interests", "interests", i => new CustomItem { Title = Str(i, "name") ?? "", Highlights = Strings(i, "keywords") });
        Section("References", "references", r => new CustomItem { Title = Str(r, "name") ?? "", Description = Str(r, "reference") });

        return new ResumeData
        {
            Profile = profile,
            Work = Objects(source, "work").Select(w => new WorkEntry
            {
                Company = Str(w, "name") ?? Str(w, "company") ?? "",
                Position = Str(w, "position") ?? "",
                Location = Str(w, "location"),
                Url = Url(Str(w, "url") ?? Str(w, "website")),
                StartDate = Date(Str(w, "startDate")),
                EndDate = Date(Str(w, "endDate")),
                Current = Str(w, "startDate") is not null && Str(w, "endDate") is null, // JSON Resume: no end date means ongoing
                Summary = Str(w, "summary") ?? Str(w, "description"),
                Highlights = Strings(w, "highlights"),
            }).ToList(),
            Education = Objects(source, "education").Select(e => new EducationEntry
            {
                Institution = Str(e, "institution") ?? "",
                Area = Str(e, "area"),
                StudyType = Str(e, "studyType"),
                StartDate = Date(Str(e, "startDate")),
                EndDate = Date(Str(e, "endDate")),
                Score = Str(e, "score") ?? Str(e, "gpa"),
                Courses = Strings(e, "courses"),
            }).ToList(),
            Skills = Objects(source, "skills").Select(s => new Skill
            {
                Name = Str(s, "name") ?? "", Level = Level(Str(s, "level")), Keywords = Strings(s, "keywords"),
            }).ToList(),
            Projects = Objects(source, "projects").Select(p => new ProjectEntry
            {
                Name = Str(p, "name") ?? "", Description = Str(p, "description"), Url = Url(Str(p, "url")),
                StartDate = Date(Str(p, "startDate")), EndDate = Date(Str(p, "endDate")),
                Highlights = Strings(p, "highlights"), Keywords = Strings(p, "keywords"),
            }).ToList(),
            Certifications = Objects(source, "certificates").Select(c => new Certification
            {
                Name = Str(c, "name") ?? "", Issuer = Str(c, "issuer"), Date = Date(Str(c, "date")), Url = Url(Str(c, "url")),
            }).ToList(),
            Languages = Objects(source, "languages").Select(l => new LanguageSkill
            {
                Language = Str(l, "language") ?? "", Fluency = Str(l, "fluency"),
            }).ToList(),
            CustomSections = custom,
        };
    }

    public static JsonObject Export(ResumeData resume, DateTime lastModified)
    {
        static JsonArray Array<T>(IEnumerable<T> items, Func<T, JsonNode?> map) => new(items.Select(map).ToArray());
        static JsonArray Texts(IEnumerable<string> items) => new(items.Select(s => (JsonNode?)JsonValue.Create(s)).ToArray());

        var p = resume.Profile;
        var result = new JsonObject
        {
            ["$schema"] = "https://raw.githubusercontent.com/jsonresume/resume-schema/v1.0.0/schema.json",
            ["basics"] = Compact(new JsonObject
            {
                ["name"] = p.Name, ["label"] = p.Headline, ["email"] = p.Email, ["phone"] = p.Phone, ["url"] = p.Website, ["summary"] = p.Summary,
                ["location"] = p.Location is null ? null : new JsonObject { ["address"] = p.Location },
                ["profiles"] = Array(p.Links, l => new JsonObject { ["network"] = l.Label, ["url"] = l.Url }),
            }),
            ["work"] = Array(resume.Work, w => Compact(new JsonObject
            {
                ["name"] = w.Company, ["position"] = w.Position, ["location"] = w.Location, ["url"] = w.Url,
                ["startDate"] = w.StartDate, ["endDate"] = w.EndDate, ["summary"] = w.Summary, ["highlights"] = Texts(w.Highlights),
            })),
            ["education"] = Array(resume.Education, e => Compact(new JsonObject
            {
                ["institution"] = e.Institution, ["area"] = e.Area, ["studyType"] = e.StudyType, ["startDate"] = e.StartDate,
                ["endDate"] = e.EndDate, ["score"] = e.Score, ["courses"] = Texts(e.Courses),
            })),
            ["skills"] = Array(resume.Skills, s => Compact(new JsonObject { ["name"] = s.Name, ["level"] = s.Level, ["keywords"] = Texts(s.Keywords) })),
            ["projects"] = Array(resume.Projects, x => Compact(new JsonObject
            {
                ["name"] = x.Name, ["description"] = x.Description, ["url"] = x.Url, ["startDate"] = x.StartDate, ["endDate"] = x.EndDate,
                ["highlights"] = Texts(x.Highlights), ["keywords"] = Texts(x.Keywords),
            })),
            ["certificates"] = Array(resume.Certifications, c => Compact(new JsonObject
            {
                ["name"] = c.Name, ["issuer"] = c.Issuer, ["date"] = c.Date, ["url"] = c.Url,
            })),
            ["languages"] = Array(resume.Languages, l => Compact(new JsonObject { ["language"] = l.Language, ["fluency"] = l.Fluency })),
            ["meta"] = Compact(new JsonObject
            {
                ["version"] = "v1.0.0",
                ["lastModified"] = lastModified.ToString("yyyy-MM-ddTHH:mm:ss"),
                ["resumepair"] = resume.CustomSections.Count == 0 ? null : new JsonObject
                {
                    ["customSections"] = System.Text.Json.JsonSerializer.SerializeToNode(resume.CustomSections, DocumentJson.Output),
                },
            }),
        };
        return Compact(result);
    }

    /// <summary>Leaves out nulls, so the export is as sparse as the data.</summary>
    private static JsonObject Compact(JsonObject o)
    {
        foreach (var key in o.Where(p => p.Value is null).Select(p => p.Key).ToList()) o.Remove(key);
        return o;
    }

    private static string? Str(JsonObject? o, string key) =>
        o?[key] is JsonValue v && v.TryGetValue<string>(out var s) && !string.IsNullOrWhiteSpace(s) ? s.Trim() : null;

    private static IEnumerable<JsonObject> Objects(JsonObject? o, string key) => o?[key] is JsonArray a ? a.OfType<JsonObject>() : [];

    private static List<string> Strings(JsonObject? o, string key) =>
        o?[key] is JsonArray a
            ? a.OfType<JsonValue>().Select(v => v.TryGetValue<string>(out var s) ? s.Trim() : null).OfType<string>().Where(s => s.Length > 0).ToList()
            : [];

    private static string? Location(JsonNode? node) => node switch
    {
        JsonValue v when v.TryGetValue<string>(out var s) => s,
        JsonObject o => string.Join(", ", new[] { Str(o, "address"), Str(o, "city"), Str(o, "region"), Str(o, "countryCode") }.Where(s => s is not null))
            is { Length: > 0 } joined ? joined : null,
        _ => null,
    };

    private static string? Url(string? value) => value is not null && FieldFormats.IsHttpUrl(value) ? value : null;

    /// <summary>The leading YYYY, YYYY-MM or YYYY-MM-DD of an ISO 8601 date (or date-time); null otherwise.</summary>
    private static string? Date(string? value)
    {
        if (value is null || LeadingDate().Match(value) is not { Success: true } m) return null;
        return FieldFormats.IsPartialDate(m.Value) ? m.Value : FieldFormats.IsPartialDate(m.Value[..4]) ? m.Value[..4] : null;
    }

    private static string? Level(string? value) => value?.ToLowerInvariant() switch
    {
        "beginner" or "novice" or "basic" => "beginner",
        "intermediate" => "intermediate",
        "advanced" => "advanced",
        "expert" or "master" => "expert",
        _ => null,
    };

    [GeneratedRegex(@"^\d{4}(-\d{2}(-\d{2})?)?")]
    private static partial Regex LeadingDate();
}
