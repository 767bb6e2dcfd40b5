using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using ResumePair.Contracts.Documents;
using ResumePair.Contracts.Documents.Validation;

namespace ResumePair.Documents.Documents;

/// <summary>
/// Converts between the JSON Resume format (jsonresume.org, schema v1.0.0) and ResumePair's resume schema, which has a
/// field for every field of JSON Resume but <c>basics.image</c> (a photo is uploaded, never linked) and
/// <c>meta.canonical</c>. Import is lenient (files in the wild vary: unknown fields are ignored, dates cut to
/// YYYY[-MM[-DD]], non-http links dropped, skill levels read into our four); the result then passes the same strict
/// validation as any saved resume. Export writes every field back (<see cref="Export"/>); our custom sections and
/// design have no JSON Resume equivalent and travel under <c>meta.resumepair</c>, which import reads back.
/// </summary>
public static partial class JsonResume
{
    public const string Format = "json-resume";

    public static ResumeData Import(JsonObject source)
    {
        var basics = source["basics"] as JsonObject;
        var location = basics?["location"] as JsonObject;
        var resumepair = (source["meta"] as JsonObject)?["resumepair"] as JsonObject;
        return new ResumeData
        {
            Profile = new Profile
            {
                Name = Str(basics, "name") ?? "",
                Headline = Str(basics, "label"),
                Email = Str(basics, "email"),
                Phone = Str(basics, "phone"),
                Website = Url(Str(basics, "url") ?? Str(basics, "website")),
                Summary = Str(basics, "summary"),
                // Older files have a plain string here.
                Location = Str(location, "city") ?? Str(basics, "location"),
                Address = Str(location, "address"),
                PostalCode = Str(location, "postalCode"),
                Region = Str(location, "region"),
                CountryCode = Str(location, "countryCode"),
                Links = Objects(basics, "profiles")
                    .Select(p => (Label: Str(p, "network") ?? "", User: Str(p, "username"), Url: Url(Str(p, "url"))))
                    .Where(p => p.Url is not null)
                    .Select(p => new Link(p.Label, p.Url!, p.User))
                    .ToList(),
            },
            Work = Objects(source, "work").Select(ImportWork).ToList(),
            Volunteer = Objects(source, "volunteer")
                .Select(v => new VolunteerEntry
                {
                    Organization = Str(v, "organization") ?? "",
                    Position = Str(v, "position"),
                    Url = Url(Str(v, "url")),
                    StartDate = Date(Str(v, "startDate")),
                    EndDate = Date(Str(v, "endDate")),
                    Summary = Str(v, "summary"),
                    Highlights = Strings(v, "highlights"),
                })
                .ToList(),
            Education = Objects(source, "education")
                .Select(e => new EducationEntry
                {
                    Institution = Str(e, "institution") ?? "",
                    Url = Url(Str(e, "url")),
                    Area = Str(e, "area"),
                    StudyType = Str(e, "studyType"),
                    Location = Str(e, "location"),
                    StartDate = Date(Str(e, "startDate")),
                    EndDate = Date(Str(e, "endDate")),
                    Score = Str(e, "score") ?? Str(e, "gpa"),
                    Courses = Strings(e, "courses"),
                })
                .ToList(),
            Awards = Objects(source, "awards")
                .Select(a => new AwardEntry
                {
                    Title = Str(a, "title") ?? "",
                    Date = Date(Str(a, "date")),
                    Awarder = Str(a, "awarder"),
                    Summary = Str(a, "summary"),
                })
                .ToList(),
            Certifications = Objects(source, "certificates")
                .Select(c => new Certification
                {
                    Name = Str(c, "name") ?? "",
                    Issuer = Str(c, "issuer"),
                    Date = Date(Str(c, "date")),
                    Url = Url(Str(c, "url")),
                })
                .ToList(),
            Publications = Objects(source, "publications")
                .Select(p => new PublicationEntry
                {
                    Name = Str(p, "name") ?? "",
                    Publisher = Str(p, "publisher"),
                    ReleaseDate = Date(Str(p, "releaseDate")),
                    Url = Url(Str(p, "url")),
                    Summary = Str(p, "summary"),
                })
                .ToList(),
            Skills = Objects(source, "skills")
                .Select(s => new Skill
                {
                    Name = Str(s, "name") ?? "",
                    Level = Level(Str(s, "level")),
                    Keywords = Strings(s, "keywords"),
                })
                .ToList(),
            Languages = Objects(source, "languages")
                .Select(l => new LanguageSkill { Language = Str(l, "language") ?? "", Fluency = Str(l, "fluency") })
                .ToList(),
            Interests = Objects(source, "interests")
                .Select(i => new InterestEntry { Name = Str(i, "name") ?? "", Keywords = Strings(i, "keywords") })
                .ToList(),
            References = Objects(source, "references")
                .Select(r => new ReferenceEntry { Name = Str(r, "name") ?? "", Reference = Str(r, "reference") })
                .ToList(),
            Projects = Objects(source, "projects")
                .Select(p => new ProjectEntry
                {
                    Name = Str(p, "name") ?? "",
                    Description = Str(p, "description"),
                    Url = Url(Str(p, "url")),
                    StartDate = Date(Str(p, "startDate")),
                    EndDate = Date(Str(p, "endDate")),
                    Highlights = Strings(p, "highlights"),
                    Keywords = Strings(p, "keywords"),
                    Roles = Strings(p, "roles"),
                    Entity = Str(p, "entity"),
                    Type = Str(p, "type"),
                })
                .ToList(),
            CustomSections = Ours<List<CustomSection>>(resumepair?["customSections"]) ?? [],
            Design = Ours<DesignSettings>(resumepair?["design"]),
        };
    }

    private static WorkEntry ImportWork(JsonObject w) => new()
    {
            Company = Str(w, "name") ?? Str(w, "company") ?? "",
            Position = Str(w, "position") ?? "",
            Location = Str(w, "location"),
            Description = Str(w, "description"),
            Url = Url(Str(w, "url") ?? Str(w, "website")),
            StartDate = Date(Str(w, "startDate")),
            EndDate = Date(Str(w, "endDate")),
            // JSON Resume: no end date means ongoing
            Current = Str(w, "startDate") is not null && Str(w, "endDate") is null,
            Summary = Str(w, "summary"),
            Highlights = Strings(w, "highlights"),
        };

    /// <summary>Our own extras (<c>meta.resumepair</c>) as we wrote them; anything unreadable is left out, not
    /// refused.</summary>
    private static T? Ours<T>(JsonNode? node) where T : class
    {
        if (node is null) return null;
        try
        {
            return node.Deserialize<T>(DocumentJson.Output);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string? Str(JsonObject? o, string key) =>
        o?[key] is JsonValue v && v.TryGetValue<string>(out var s) && !string.IsNullOrWhiteSpace(s) ? s.Trim() : null;

    private static IEnumerable<JsonObject> Objects(JsonObject? o, string key) =>
        o?[key] is JsonArray a ? a.OfType<JsonObject>() : [];

    private static List<string> Strings(JsonObject? o, string key) =>
        o?[key] is JsonArray a
            ? a.OfType<JsonValue>().Select(v => v.TryGetValue<string>(out var s) ? s.Trim() : null).OfType<string>()
                .Where(s => s.Length > 0).ToList()
            : [];

    private static string? Url(string? value) => value is not null && FieldFormats.IsHttpUrl(value) ? value : null;

    /// <summary>The leading YYYY, YYYY-MM or YYYY-MM-DD of an ISO 8601 date (or date-time); null otherwise.</summary>
    private static string? Date(string? value)
    {
        if (value is null || LeadingDate().Match(value) is not { Success: true } m) return null;
        return FieldFormats.IsPartialDate(m.Value) ? m.Value
            : FieldFormats.IsPartialDate(m.Value[..4]) ? m.Value[..4]
            : null;
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
