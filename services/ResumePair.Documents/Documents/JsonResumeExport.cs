using System.Text.Json;
using System.Text.Json.Nodes;
using ResumePair.Contracts.Documents;
using ResumePair.Contracts.Documents.Validation;

namespace ResumePair.Documents.Documents;

public static partial class JsonResume
{
    public const string SchemaUrl = "https://raw.githubusercontent.com/jsonresume/resume-schema/v1.0.0/schema.json";

    /// <summary>
    /// The resume as JSON Resume, as sparse as the data: absent values, empty lists and empty sections are left out.
    /// Every value our validator accepts passes the official validator (<see cref="FieldFormats"/>).
    /// </summary>
    public static JsonObject Export(ResumeData resume, DateTime lastModified)
    {
        var p = resume.Profile;
        var result = new JsonObject
        {
            ["$schema"] = SchemaUrl,
            ["basics"] = Compact(
                new JsonObject
                {
                    ["name"] = p.Name,
                    ["label"] = p.Headline,
                    ["email"] = p.Email,
                    ["phone"] = p.Phone,
                    ["url"] = p.Website,
                    ["summary"] = p.Summary,
                    ["location"] = Compact(
                        new JsonObject
                        {
                            ["address"] = p.Address,
                            ["postalCode"] = p.PostalCode,
                            ["city"] = p.Location,
                            ["countryCode"] = p.CountryCode,
                            ["region"] = p.Region,
                        }
                    ),
                    ["profiles"] = Array(p.Links, l => new JsonObject
                    {
                        ["network"] = l.Label,
                        ["username"] = l.Username,
                        ["url"] = l.Url,
                    }),
                }
            ),
            ["work"] = Array(resume.Work, w => new JsonObject
            {
                ["name"] = w.Company,
                ["location"] = w.Location,
                ["description"] = w.Description,
                ["position"] = w.Position,
                ["url"] = w.Url,
                ["startDate"] = w.StartDate,
                ["endDate"] = w.EndDate,
                ["summary"] = w.Summary,
                ["highlights"] = Texts(w.Highlights),
            }),
            ["volunteer"] = Array(resume.Volunteer, v => new JsonObject
            {
                ["organization"] = v.Organization,
                ["position"] = v.Position,
                ["url"] = v.Url,
                ["startDate"] = v.StartDate,
                ["endDate"] = v.EndDate,
                ["summary"] = v.Summary,
                ["highlights"] = Texts(v.Highlights),
            }),
            ["education"] = Array(resume.Education, e => new JsonObject
            {
                ["institution"] = e.Institution,
                ["url"] = e.Url,
                ["area"] = e.Area,
                ["studyType"] = e.StudyType,
                ["location"] = e.Location,
                ["startDate"] = e.StartDate,
                ["endDate"] = e.EndDate,
                ["score"] = e.Score,
                ["courses"] = Texts(e.Courses),
            }),
            ["awards"] = Array(resume.Awards, a => new JsonObject
            {
                ["title"] = a.Title,
                ["date"] = a.Date,
                ["awarder"] = a.Awarder,
                ["summary"] = a.Summary,
            }),
            ["certificates"] = Array(resume.Certifications, c => new JsonObject
            {
                ["name"] = c.Name,
                ["date"] = c.Date,
                ["issuer"] = c.Issuer,
                ["url"] = c.Url,
            }),
            ["publications"] = Array(resume.Publications, x => new JsonObject
            {
                ["name"] = x.Name,
                ["publisher"] = x.Publisher,
                ["releaseDate"] = x.ReleaseDate,
                ["url"] = x.Url,
                ["summary"] = x.Summary,
            }),
            ["skills"] = Array(resume.Skills, s => new JsonObject
            {
                ["name"] = s.Name,
                ["level"] = s.Level,
                ["keywords"] = Texts(s.Keywords),
            }),
            ["languages"] = Array(resume.Languages, l => new JsonObject
            {
                ["language"] = l.Language,
                ["fluency"] = l.Fluency,
            }),
            ["interests"] = Array(resume.Interests, i => new JsonObject
            {
                ["name"] = i.Name,
                ["keywords"] = Texts(i.Keywords),
            }),
            ["references"] = Array(resume.References, r => new JsonObject
            {
                ["name"] = r.Name,
                ["reference"] = r.Reference,
            }),
            ["projects"] = Array(resume.Projects, x => new JsonObject
            {
                ["name"] = x.Name,
                ["description"] = x.Description,
                ["highlights"] = Texts(x.Highlights),
                ["keywords"] = Texts(x.Keywords),
                ["startDate"] = x.StartDate,
                ["endDate"] = x.EndDate,
                ["url"] = x.Url,
                ["roles"] = Texts(x.Roles),
                ["entity"] = x.Entity,
                ["type"] = x.Type,
            }),
            ["meta"] = Compact(
                new JsonObject
                {
                    ["version"] = "v1.0.0",
                    ["lastModified"] = lastModified.ToString(
                        "yyyy-MM-ddTHH:mm:ss",
                        System.Globalization.CultureInfo.InvariantCulture
                    ),
                    ["resumepair"] = Compact(
                        new JsonObject
                        {
                            ["customSections"] =
                                resume.CustomSections.Count == 0
                                    ? null
                                    : JsonSerializer.SerializeToNode(resume.CustomSections, DocumentJson.Output),
                            ["design"] = resume.Design is null
                                ? null
                                : JsonSerializer.SerializeToNode(resume.Design, DocumentJson.Output),
                        }
                    ),
                }
            ),
        };
        return Compact(result)!;
    }

    private static JsonArray? Array<T>(IEnumerable<T> items, Func<T, JsonObject> map)
    {
        var array = new JsonArray(items.Select(i => (JsonNode?)Compact(map(i))).Where(o => o is not null).ToArray());
        return array.Count == 0 ? null : array;
    }

    private static JsonArray? Texts(IEnumerable<string> items)
    {
        var array = new JsonArray(items.Select(s => (JsonNode?)JsonValue.Create(s)).ToArray());
        return array.Count == 0 ? null : array;
    }

    /// <summary>Leaves out nulls and empty strings; an object left empty is itself null (left out by its
    /// parent).</summary>
    private static JsonObject? Compact(JsonObject o)
    {
        var empty = o.Where(p =>
                p.Value is null || p.Value is JsonValue v && v.TryGetValue<string>(out var s) && s.Length == 0
            )
            .Select(p => p.Key)
            .ToList();
        foreach (var key in empty) o.Remove(key);
        return o.Count == 0 ? null : o;
    }
}
