namespace ResumePair.Contracts.Documents.Validation;

/// <summary>The building blocks of the rules; each reports into <see cref="ValidationErrors"/> by field path.</summary>
internal readonly struct FieldChecker(ValidationErrors errors, string root)
{
    /// <summary>The path of a top-level field; with an empty root (model output) paths start at the field itself.</summary>
    public string At(string field) => root.Length == 0 ? field : $"{root}.{field}";

    public void Fail(string path, string message) => errors.Add(path, message);

    public void Text(string path, string? value, int max)
    {
        if (value is not null && value.Length > max) Fail(path, $"Must be at most {max} characters.");
    }

    public void Strings(string path, IReadOnlyList<string> values, int max, bool blankAllowed = true)
    {
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
        if (items.Count > DocumentLimits.Items) Fail(path, $"Must have at most {DocumentLimits.Items} entries.");
        for (var i = 0; i < items.Count && i < DocumentLimits.Items; i++)
        {
            if (items[i] is null) Fail($"{path}[{i}]", "Must not be null.");
            else check($"{path}[{i}]", items[i]);
        }
    }

    public void Url(string path, string? value)
    {
        if (string.IsNullOrEmpty(value)) return;
        if (value.Length > DocumentLimits.Url) Fail(path, $"Must be at most {DocumentLimits.Url} characters.");
        else if (!FieldFormats.IsHttpUrl(value)) Fail(path, "Must be an absolute http or https URL.");
    }

    public void Date(string path, string? value)
    {
        if (value is not null && !FieldFormats.IsPartialDate(value)) Fail(path, "Must be a date as YYYY, YYYY-MM or YYYY-MM-DD.");
    }

    /// <summary>Both dates well-formed, and the end not before the start (compared at the shorter precision).</summary>
    public void Period(string path, string? start, string? end)
    {
        Date($"{path}.startDate", start);
        Date($"{path}.endDate", end);
        if (start is null || end is null || !FieldFormats.IsPartialDate(start) || !FieldFormats.IsPartialDate(end)) return;
        var n = Math.Min(start.Length, end.Length);
        if (string.CompareOrdinal(end[..n], start[..n]) < 0) Fail($"{path}.endDate", "Must not be before startDate.");
    }

    /// <summary>A resume's profile or a cover letter's sender; only the resume requires the name.</summary>
    public void Profile(string p, Profile profile, bool nameRequired)
    {
        if (nameRequired && string.IsNullOrWhiteSpace(profile.Name)) Fail($"{p}.name", "Is required.");
        Text($"{p}.name", profile.Name, DocumentLimits.Short);
        Text($"{p}.headline", profile.Headline, DocumentLimits.Short);
        Text($"{p}.email", profile.Email, DocumentLimits.Email);
        if (!string.IsNullOrEmpty(profile.Email) && !FieldFormats.IsEmail(profile.Email)) Fail($"{p}.email", "Must be an email address.");
        Text($"{p}.phone", profile.Phone, DocumentLimits.Phone);
        Text($"{p}.location", profile.Location, DocumentLimits.Short);
        Url($"{p}.website", profile.Website);
        Text($"{p}.summary", profile.Summary, DocumentLimits.Long);
        var self = this;
        List($"{p}.links", profile.Links, (q, l) =>
        {
            self.Text($"{q}.label", l.Label, DocumentLimits.Short);
            self.Url($"{q}.url", l.Url);
            if (string.IsNullOrWhiteSpace(l.Url)) self.Fail($"{q}.url", "Is required.");
        });
        Text($"{p}.photoId", profile.PhotoId, DocumentLimits.PhotoId);
    }
}
