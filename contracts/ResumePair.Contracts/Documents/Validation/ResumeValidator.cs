namespace ResumePair.Contracts.Documents.Validation;

/// <summary>
/// Content rules of <see cref="ResumeData"/> the type system cannot express: required fields, date and URL formats,
/// length caps, no null list entries. Every problem is reported by its path (e.g. <c>data.work[0].startDate</c>).
/// Only the profile name is required, so an editor can autosave half-filled entries.
/// </summary>
public static class ResumeValidator
{
    /// <summary>All problems, keyed by path under <paramref name="root"/>; empty when the resume is valid.</summary>
    public static Dictionary<string, string[]> Validate(ResumeData resume, string root = "data")
    {
        var errors = new ValidationErrors();
        Validate(resume, errors, root);
        return errors.ToDictionary();
    }

    public static void Validate(ResumeData resume, ValidationErrors errors, string root = "data") =>
        Validate(resume, new FieldChecker(errors, root));

    internal static void Validate(ResumeData resume, FieldChecker c)
    {
        c.Profile(c.At("profile"), resume.Profile, nameRequired: true);
        c.List(c.At("work"), resume.Work, (p, w) =>
        {
            c.Text($"{p}.company", w.Company, DocumentLimits.Short);
            c.Text($"{p}.position", w.Position, DocumentLimits.Short);
            c.Text($"{p}.location", w.Location, DocumentLimits.Short);
            c.Url($"{p}.url", w.Url);
            c.Period(p, w.StartDate, w.EndDate);
            c.Text($"{p}.description", w.Description, DocumentLimits.Short);
            c.Text($"{p}.summary", w.Summary, DocumentLimits.Long);
            c.Strings($"{p}.highlights", w.Highlights, DocumentLimits.Item);
        });
        c.List(c.At("education"), resume.Education, (p, e) =>
        {
            c.Text($"{p}.institution", e.Institution, DocumentLimits.Short);
            c.Url($"{p}.url", e.Url);
            c.Text($"{p}.area", e.Area, DocumentLimits.Short);
            c.Text($"{p}.studyType", e.StudyType, DocumentLimits.Short);
            c.Text($"{p}.location", e.Location, DocumentLimits.Short);
            c.Period(p, e.StartDate, e.EndDate);
            c.Text($"{p}.score", e.Score, DocumentLimits.Short);
            c.Strings($"{p}.courses", e.Courses, DocumentLimits.Short);
        });
        c.List(c.At("skills"), resume.Skills, (p, s) =>
        {
            c.Text($"{p}.name", s.Name, DocumentLimits.Short);
            c.OneOf($"{p}.level", s.Level, DocumentLimits.SkillLevels);
            c.Strings($"{p}.keywords", s.Keywords, DocumentLimits.Short);
        });
        c.List(c.At("projects"), resume.Projects, (p, x) =>
        {
            c.Text($"{p}.name", x.Name, DocumentLimits.Short);
            c.Text($"{p}.description", x.Description, DocumentLimits.Long);
            c.Url($"{p}.url", x.Url);
            c.Period(p, x.StartDate, x.EndDate);
            c.Strings($"{p}.highlights", x.Highlights, DocumentLimits.Item);
            c.Strings($"{p}.keywords", x.Keywords, DocumentLimits.Short);
            c.Strings($"{p}.roles", x.Roles, DocumentLimits.Short);
            c.Text($"{p}.entity", x.Entity, DocumentLimits.Short);
            c.Text($"{p}.type", x.Type, DocumentLimits.Short);
        });
        c.List(c.At("certifications"), resume.Certifications, (p, x) =>
        {
            c.Text($"{p}.name", x.Name, DocumentLimits.Short);
            c.Text($"{p}.issuer", x.Issuer, DocumentLimits.Short);
            c.Date($"{p}.date", x.Date);
            c.Url($"{p}.url", x.Url);
        });
        c.List(c.At("languages"), resume.Languages, (p, x) =>
        {
            c.Text($"{p}.language", x.Language, DocumentLimits.Short);
            c.Text($"{p}.fluency", x.Fluency, DocumentLimits.Short);
        });
        ValidateMore(resume, c);
        c.List(c.At("customSections"), resume.CustomSections, (p, x) =>
        {
            c.Text($"{p}.title", x.Title, DocumentLimits.Short);
            c.List($"{p}.items", x.Items, (q, i) =>
            {
                c.Text($"{q}.title", i.Title, DocumentLimits.Short);
                c.Text($"{q}.subtitle", i.Subtitle, DocumentLimits.Short);
                c.Date($"{q}.date", i.Date);
                c.Text($"{q}.description", i.Description, DocumentLimits.Long);
                c.Strings($"{q}.highlights", i.Highlights, DocumentLimits.Item);
            });
        });
        DesignValidator.Validate(c, c.At("design"), resume.Design);
    }

    /// <summary>The sections JSON Resume has beyond the first ones: volunteering, awards, publications, interests,
    /// references.</summary>
    private static void ValidateMore(ResumeData resume, FieldChecker c)
    {
        c.List(c.At("volunteer"), resume.Volunteer, (p, v) =>
        {
            c.Text($"{p}.organization", v.Organization, DocumentLimits.Short);
            c.Text($"{p}.position", v.Position, DocumentLimits.Short);
            c.Url($"{p}.url", v.Url);
            c.Period(p, v.StartDate, v.EndDate);
            c.Text($"{p}.summary", v.Summary, DocumentLimits.Long);
            c.Strings($"{p}.highlights", v.Highlights, DocumentLimits.Item);
        });
        c.List(c.At("awards"), resume.Awards, (p, a) =>
        {
            c.Text($"{p}.title", a.Title, DocumentLimits.Short);
            c.Date($"{p}.date", a.Date);
            c.Text($"{p}.awarder", a.Awarder, DocumentLimits.Short);
            c.Text($"{p}.summary", a.Summary, DocumentLimits.Long);
        });
        c.List(c.At("publications"), resume.Publications, (p, x) =>
        {
            c.Text($"{p}.name", x.Name, DocumentLimits.Short);
            c.Text($"{p}.publisher", x.Publisher, DocumentLimits.Short);
            c.Date($"{p}.releaseDate", x.ReleaseDate);
            c.Url($"{p}.url", x.Url);
            c.Text($"{p}.summary", x.Summary, DocumentLimits.Long);
        });
        c.List(c.At("interests"), resume.Interests, (p, x) =>
        {
            c.Text($"{p}.name", x.Name, DocumentLimits.Short);
            c.Strings($"{p}.keywords", x.Keywords, DocumentLimits.Short);
        });
        c.List(c.At("references"), resume.References, (p, x) =>
        {
            c.Text($"{p}.name", x.Name, DocumentLimits.Short);
            c.Text($"{p}.reference", x.Reference, DocumentLimits.Long);
        });
    }
}
