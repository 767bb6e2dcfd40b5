using System.Runtime.CompilerServices;

namespace ResumePair.Contracts.Documents.Validation;

/// <summary>
/// The building blocks of the rules; each reports into <see cref="ValidationErrors"/> by field path. With a rule sink
/// it describes instead of checking (<see cref="DocumentRules"/>): every block records what it would enforce at its
/// path, and lists visit one stand-in entry under <c>path[]</c> so the rules of their entries are described too.
/// </summary>
internal readonly struct FieldChecker(ValidationErrors errors, string root, Dictionary<string, FieldRule>? rules = null)
{
    /// <summary>The path of a top-level field; with an empty root (model output) paths start at the field
    /// itself.</summary>
    public string At(string field) => root.Length == 0 ? field : $"{root}.{field}";

    public void Fail(string path, string message) => errors.Add(path, message);

    /// <summary>In describe mode the rule at <paramref name="path"/> to fill in; null when checking values.</summary>
    private FieldRule? Describing(string path)
    {
        if (rules is null) return null;
        if (!rules.TryGetValue(path, out var rule)) rules[path] = rule = new FieldRule();
        return rule;
    }

    public void Required(string path, string? value, string message = "Is required.")
    {
        if (Describing(path) is { } rule) rule.Required = true;
        else if (string.IsNullOrWhiteSpace(value)) Fail(path, message);
    }

    public void Text(string path, string? value, int max)
    {
        if (Describing(path) is { } rule) rule.MaxLength = max;
        else if (value is not null && value.Length > max) Fail(path, $"Must be at most {max} characters.");
    }

    public void OneOf(string path, string? value, IReadOnlyList<string> allowed)
    {
        if (Describing(path) is { } rule) rule.OneOf = allowed;
        else if (value is not null && !allowed.Contains(value))
            Fail(path, $"Must be one of: {string.Join(", ", allowed)}.");
    }

    public void Number(string path, double? value, double min, double max)
    {
        if (Describing(path) is { } rule)
        {
            rule.Minimum = min;
            rule.Maximum = max;
        }
        else if (value is { } v && (v < min || v > max || double.IsNaN(v)))
            Fail(path, $"Must be between {min} and {max}.");
    }

    public void HexColor(string path, string? value)
    {
        if (Describing(path) is { } rule) rule.Format = FieldFormats.HexColor;
        else if (value is not null && !FieldFormats.IsHexColor(value)) Fail(path, "Must be a colour as #rrggbb.");
    }

    /// <summary>A list whose entries are each one of <paramref name="allowed"/>, at most one of each.</summary>
    public void Choices(string path, IReadOnlyList<string>? values, IReadOnlyList<string> allowed)
    {
        if (Describing(path) is { } rule)
        {
            rule.MaxItems = allowed.Count;
            OneOf($"{path}[]", null, allowed);
            return;
        }
        if (values is null) return;
        if (values.Count > allowed.Count) Fail(path, $"Must have at most {allowed.Count} entries.");
        else for (var i = 0; i < values.Count; i++) OneOf($"{path}[{i}]", values[i], allowed);
    }

    public void Strings(string path, IReadOnlyList<string> values, int max, bool blankAllowed = true)
    {
        if (Describing(path) is { } rule)
        {
            rule.MaxItems = DocumentLimits.Items;
            var item = Describing($"{path}[]")!;
            item.MaxLength = max;
            item.NotBlank = !blankAllowed;
            return;
        }
        if (values.Count > DocumentLimits.Items) Fail(path, $"Must have at most {DocumentLimits.Items} entries.");
        for (var i = 0; i < values.Count && i < DocumentLimits.Items; i++)
        {
            if (values[i] is null) Fail($"{path}[{i}]", "Must not be null.");
            else if (!blankAllowed && string.IsNullOrWhiteSpace(values[i])) Fail($"{path}[{i}]", "Must not be empty.");
            else Text($"{path}[{i}]", values[i], max);
        }
    }

    public void List<T>(string path, IReadOnlyList<T> items, Action<string, T> check) where T : class
    {
        if (Describing(path) is { } rule)
        {
            rule.MaxItems = DocumentLimits.Items;
            // The stand-in's values are never checked in describe mode (every block records and returns), so an
            // uninitialized instance does; it saves each entry type a "sample" that would have to be kept in step.
            check($"{path}[]", (T)RuntimeHelpers.GetUninitializedObject(typeof(T)));
            return;
        }
        if (items.Count > DocumentLimits.Items) Fail(path, $"Must have at most {DocumentLimits.Items} entries.");
        for (var i = 0; i < items.Count && i < DocumentLimits.Items; i++)
        {
            if (items[i] is null) Fail($"{path}[{i}]", "Must not be null.");
            else check($"{path}[{i}]", items[i]);
        }
    }

    public void Url(string path, string? value)
    {
        if (Describing(path) is { } rule)
        {
            rule.MaxLength = DocumentLimits.Url;
            rule.Format = FieldFormats.HttpUrl;
            return;
        }
        if (string.IsNullOrEmpty(value)) return;
        if (value.Length > DocumentLimits.Url) Fail(path, $"Must be at most {DocumentLimits.Url} characters.");
        else if (!string.IsNullOrWhiteSpace(value) && FieldFormats.HasSpace(value))
            Fail(path, "Must not contain spaces (write them as %20).");
        else if (!FieldFormats.IsHttpUrl(value)) Fail(path, "Must be an absolute http or https URL.");
    }

    public void Email(string path, string? value)
    {
        Text(path, value, DocumentLimits.Email);
        if (Describing(path) is { } rule) rule.Format = FieldFormats.Email;
        else if (!string.IsNullOrEmpty(value) && !FieldFormats.IsEmail(value))
            Fail(path, "Must be an email address like name@example.com (a domain with a dot, no spaces).");
    }

    public void Date(string path, string? value)
    {
        if (Describing(path) is { } rule) rule.Format = FieldFormats.PartialDate;
        else if (value is not null && !FieldFormats.IsPartialDate(value))
            Fail(path, FieldFormats.IsYearOutOfRange(value)
                ? $"The year must be from {FieldFormats.MinYear} to {FieldFormats.MaxYear}."
                : "Must be a date as YYYY, YYYY-MM or YYYY-MM-DD.");
    }

    /// <summary>Both dates well-formed, and the end not before the start (compared at the shorter precision).</summary>
    public void Period(string path, string? start, string? end)
    {
        Date($"{path}.startDate", start);
        Date($"{path}.endDate", end);
        if (Describing($"{path}.endDate") is { } rule)
        {
            rule.NotBefore = "startDate";
            return;
        }
        if (start is null || end is null || !FieldFormats.IsPartialDate(start) || !FieldFormats.IsPartialDate(end))
            return;
        var n = Math.Min(start.Length, end.Length);
        if (string.CompareOrdinal(end[..n], start[..n]) < 0) Fail($"{path}.endDate", "Must not be before startDate.");
    }

    /// <summary>A resume's profile or a cover letter's sender; only the resume requires the name.</summary>
    public void Profile(string p, Profile profile, bool nameRequired)
    {
        if (nameRequired) Required($"{p}.name", profile.Name);
        Text($"{p}.name", profile.Name, DocumentLimits.Short);
        Text($"{p}.headline", profile.Headline, DocumentLimits.Short);
        Email($"{p}.email", profile.Email);
        Text($"{p}.phone", profile.Phone, DocumentLimits.Phone);
        Text($"{p}.location", profile.Location, DocumentLimits.Short);
        Text($"{p}.address", profile.Address, DocumentLimits.Item);
        Text($"{p}.postalCode", profile.PostalCode, DocumentLimits.Phone);
        Text($"{p}.region", profile.Region, DocumentLimits.Short);
        Text($"{p}.countryCode", profile.CountryCode, DocumentLimits.Phone);
        Url($"{p}.website", profile.Website);
        Text($"{p}.summary", profile.Summary, DocumentLimits.Long);
        var self = this;
        List($"{p}.links", profile.Links, (q, l) =>
        {
            self.Text($"{q}.label", l.Label, DocumentLimits.Short);
            self.Text($"{q}.username", l.Username, DocumentLimits.Short);
            self.Url($"{q}.url", l.Url);
            self.Required($"{q}.url", l.Url);
        });
        Text($"{p}.photoId", profile.PhotoId, DocumentLimits.PhotoId);
    }
}
