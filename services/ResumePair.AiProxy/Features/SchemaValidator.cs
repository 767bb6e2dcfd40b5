using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using ResumePair.Contracts.Documents;

namespace ResumePair.AiProxy.Features;

/// <summary>
/// Model output becomes document data only if it is exactly the schema in ResumePair.Contracts: deserialised
/// strictly (unknown, duplicate, wrongly typed or null-for-non-null fields rejected) and then checked for the rules
/// the documents service enforces on save (profile name required, dates YYYY[-MM[-DD]], http(s) URLs, skill levels,
/// length caps). Anything less is an error: never half-valid data. The documents service has the full rule set; it
/// lives in that service, so the essentials are repeated here (see the report: it belongs in the contracts).
/// </summary>
public static class SchemaValidator
{
    private static readonly JsonSerializerOptions Strict = new(JsonSerializerDefaults.Web)
    {
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        RespectNullableAnnotations = true,
        AllowDuplicateProperties = false,
        PropertyNameCaseInsensitive = false,
        NumberHandling = JsonNumberHandling.Strict,
    };

    public static readonly JsonSerializerOptions Output = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    private static readonly string[] SkillLevels = ["beginner", "intermediate", "advanced", "expert"];

    public static (ResumeData? Value, string? Error) Resume(string json) => Parse<ResumeData>(json, CheckResume);

    public static (CoverLetterData? Value, string? Error) CoverLetter(string json) => Parse<CoverLetterData>(json, CheckCoverLetter);

    private static (T? Value, string? Error) Parse<T>(string json, Func<T, IEnumerable<string>> check) where T : class
    {
        try
        {
            var value = JsonSerializer.Deserialize<T>(StripFences(json), Strict);
            if (value is null) return (null, "The output is null, not a JSON object.");
            var problems = check(value).Take(5).ToList();
            return problems.Count == 0 ? (value, null) : (null, string.Join(" ", problems));
        }
        catch (JsonException e)
        {
            return (null, $"Invalid JSON at {e.Path ?? "$"}: {e.Message.Split(" Path:")[0]}");
        }
    }

    /// <summary>Models like to wrap JSON in a markdown fence even when asked not to; that much is harmless.</summary>
    public static string StripFences(string text)
    {
        var t = text.Trim();
        if (!t.StartsWith("```", StringComparison.Ordinal)) return t;
        var firstLine = t.IndexOf('\n');
        var end = t.LastIndexOf("```", StringComparison.Ordinal);
        return firstLine > 0 && end > firstLine ? t[(firstLine + 1)..end].Trim() : t;
    }

    private static IEnumerable<string> CheckResume(ResumeData r)
    {
        if (string.IsNullOrWhiteSpace(r.Profile.Name)) yield return "profile.name is required.";
        foreach (var e in Profile("profile", r.Profile)) yield return e;
        for (var i = 0; i < r.Work.Count; i++)
        {
            var w = r.Work[i];
            if (w is null) { yield return $"work[{i}] must not be null."; continue; }
            foreach (var e in Period($"work[{i}]", w.StartDate, w.EndDate).Concat(Url($"work[{i}].url", w.Url)).Concat(Strings($"work[{i}].highlights", w.Highlights)))
                yield return e;
        }
        for (var i = 0; i < r.Education.Count; i++)
        {
            if (r.Education[i] is not { } ed) { yield return $"education[{i}] must not be null."; continue; }
            foreach (var e in Period($"education[{i}]", ed.StartDate, ed.EndDate).Concat(Strings($"education[{i}].courses", ed.Courses))) yield return e;
        }
        for (var i = 0; i < r.Skills.Count; i++)
        {
            if (r.Skills[i] is not { } s) { yield return $"skills[{i}] must not be null."; continue; }
            if (s.Level is not null && !SkillLevels.Contains(s.Level)) yield return $"skills[{i}].level must be one of {string.Join(", ", SkillLevels)} or null.";
            foreach (var e in Strings($"skills[{i}].keywords", s.Keywords)) yield return e;
        }
        for (var i = 0; i < r.Projects.Count; i++)
        {
            if (r.Projects[i] is not { } p) { yield return $"projects[{i}] must not be null."; continue; }
            foreach (var e in Period($"projects[{i}]", p.StartDate, p.EndDate).Concat(Url($"projects[{i}].url", p.Url))) yield return e;
        }
        for (var i = 0; i < r.Certifications.Count; i++)
        {
            if (r.Certifications[i] is not { } c) { yield return $"certifications[{i}] must not be null."; continue; }
            foreach (var e in Date($"certifications[{i}].date", c.Date).Concat(Url($"certifications[{i}].url", c.Url))) yield return e;
        }
        if (r.Languages.Any(l => l is null)) yield return "languages must not contain null.";
        if (r.CustomSections.Any(s => s is null || s.Items.Any(i => i is null))) yield return "customSections must not contain null.";
    }

    private static IEnumerable<string> CheckCoverLetter(CoverLetterData c)
    {
        foreach (var e in Profile("sender", c.Sender)) yield return e;
        foreach (var e in Date("date", c.Date)) yield return e;
        if (c.Paragraphs.Count == 0) yield return "paragraphs must not be empty.";
        foreach (var e in Strings("paragraphs", c.Paragraphs, 5_000)) yield return e;
    }

    private static IEnumerable<string> Profile(string p, Profile profile)
    {
        if (profile.Name.Length > 200) yield return $"{p}.name must be at most 200 characters.";
        if (!string.IsNullOrEmpty(profile.Email) && (!profile.Email.Contains('@') || profile.Email.Any(char.IsWhiteSpace)))
            yield return $"{p}.email must be an email address.";
        foreach (var e in Url($"{p}.website", profile.Website)) yield return e;
        for (var i = 0; i < profile.Links.Count; i++)
            if (profile.Links[i] is not { } l || string.IsNullOrWhiteSpace(l.Url) || !IsHttpUrl(l.Url)) yield return $"{p}.links[{i}].url must be an http(s) URL.";
    }

    private static IEnumerable<string> Strings(string path, IReadOnlyList<string> values, int max = 1_000)
    {
        if (values.Count > 100) yield return $"{path} must have at most 100 entries.";
        for (var i = 0; i < values.Count; i++)
            if (values[i] is null) yield return $"{path}[{i}] must not be null.";
            else if (values[i].Length > max) yield return $"{path}[{i}] must be at most {max} characters.";
    }

    private static IEnumerable<string> Url(string path, string? value)
    {
        if (!string.IsNullOrEmpty(value) && !IsHttpUrl(value)) yield return $"{path} must be an absolute http(s) URL.";
    }

    private static IEnumerable<string> Date(string path, string? value)
    {
        if (value is not null && !IsPartialDate(value)) yield return $"{path} must be YYYY, YYYY-MM or YYYY-MM-DD.";
    }

    private static IEnumerable<string> Period(string path, string? start, string? end)
    {
        foreach (var e in Date($"{path}.startDate", start).Concat(Date($"{path}.endDate", end))) yield return e;
        if (start is not null && end is not null && IsPartialDate(start) && IsPartialDate(end))
        {
            var n = Math.Min(start.Length, end.Length);
            if (string.CompareOrdinal(end[..n], start[..n]) < 0) yield return $"{path}.endDate must not be before startDate.";
        }
    }

    public static bool IsHttpUrl(string value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps) && uri.Host.Length > 0;

    public static bool IsPartialDate(string value) =>
        value.Length is 4 or 7 or 10
        && DateTime.TryParseExact(value, ["yyyy", "yyyy-MM", "yyyy-MM-dd"], CultureInfo.InvariantCulture, DateTimeStyles.None, out _);
}
