namespace ResumePair.Contracts.Documents;

/// <summary>The ResumePair resume schema, version 1 (camelCase JSON).</summary>
public sealed record ResumeData
{
    public Profile Profile { get; init; } = new();
    public IReadOnlyList<WorkEntry> Work { get; init; } = [];
    public IReadOnlyList<EducationEntry> Education { get; init; } = [];
    public IReadOnlyList<Skill> Skills { get; init; } = [];
    public IReadOnlyList<ProjectEntry> Projects { get; init; } = [];
    public IReadOnlyList<Certification> Certifications { get; init; } = [];
    public IReadOnlyList<LanguageSkill> Languages { get; init; } = [];
    public IReadOnlyList<VolunteerEntry> Volunteer { get; init; } = [];
    public IReadOnlyList<AwardEntry> Awards { get; init; } = [];
    public IReadOnlyList<PublicationEntry> Publications { get; init; } = [];
    public IReadOnlyList<InterestEntry> Interests { get; init; } = [];
    public IReadOnlyList<ReferenceEntry> References { get; init; } = [];
    public IReadOnlyList<CustomSection> CustomSections { get; init; } = [];

    /// <summary>Template, page size, colours, fonts, spacing and section layout; null = the template's
    /// defaults.</summary>
    public DesignSettings? Design { get; init; }
}

public sealed record Profile
{
    public string Name { get; init; } = "";
    public string? Headline { get; init; }
    public string? Email { get; init; }
    public string? Phone { get; init; }

    /// <summary>The town or city, or a free location line ("Berlin", "Remote"); JSON Resume's
    /// <c>location.city</c>.</summary>
    public string? Location { get; init; }
    /// <summary>Street address; the postal parts are optional and printed after the location when present.</summary>
    public string? Address { get; init; }
    public string? PostalCode { get; init; }
    public string? Region { get; init; }
    /// <summary>ISO 3166-1 alpha-2, e.g. DE, US.</summary>
    public string? CountryCode { get; init; }
    public string? Website { get; init; }
    public string? Summary { get; init; }
    public IReadOnlyList<Link> Links { get; init; } = [];
    /// <summary>Id of an uploaded profile photo; the renderer receives its bytes, never a URL.</summary>
    public string? PhotoId { get; init; }
}

/// <summary>
/// A profile link. Both parameters have defaults so the strict reader does not require them: what is required is
/// what the rules say (the URL), reported at its own path, never a shape error at the label.
/// </summary>
public sealed record Link(string Label = "", string Url = "", string? Username = null);

public sealed record WorkEntry
{
    public string Company { get; init; } = "";
    public string Position { get; init; } = "";
    public string? Location { get; init; }
    public string? Url { get; init; }
    /// <summary>YYYY, YYYY-MM or YYYY-MM-DD.</summary>
    public string? StartDate { get; init; }
    public string? EndDate { get; init; }
    public bool Current { get; init; }
    /// <summary>What the organisation is ("Sales engagement platform").</summary>
    public string? Description { get; init; }
    public string? Summary { get; init; }
    public IReadOnlyList<string> Highlights { get; init; } = [];
}

public sealed record EducationEntry
{
    public string Institution { get; init; } = "";
    public string? Url { get; init; }
    public string? Area { get; init; }
    public string? StudyType { get; init; }
    public string? Location { get; init; }
    public string? StartDate { get; init; }
    public string? EndDate { get; init; }
    public string? Score { get; init; }
    public IReadOnlyList<string> Courses { get; init; } = [];
}

public sealed record Skill
{
    public string Name { get; init; } = "";
    /// <summary>beginner, intermediate, advanced, expert (or null).</summary>
    public string? Level { get; init; }
    public IReadOnlyList<string> Keywords { get; init; } = [];
}

public sealed record ProjectEntry
{
    public string Name { get; init; } = "";
    public string? Description { get; init; }
    public string? Url { get; init; }
    public string? StartDate { get; init; }
    public string? EndDate { get; init; }
    public IReadOnlyList<string> Highlights { get; init; } = [];
    public IReadOnlyList<string> Keywords { get; init; } = [];
    /// <summary>The person's roles in it ("Team lead", "Speaker").</summary>
    public IReadOnlyList<string> Roles { get; init; } = [];
    /// <summary>The company or organisation it was for.</summary>
    public string? Entity { get; init; }
    /// <summary>Kind of project: application, talk, presentation, conference, volunteering…</summary>
    public string? Type { get; init; }
}

public sealed record Certification
{
    public string Name { get; init; } = "";
    public string? Issuer { get; init; }
    public string? Date { get; init; }
    public string? Url { get; init; }
}

public sealed record LanguageSkill
{
    public string Language { get; init; } = "";
    public string? Fluency { get; init; }
}

public sealed record VolunteerEntry
{
    public string Organization { get; init; } = "";
    public string? Position { get; init; }
    public string? Url { get; init; }
    public string? StartDate { get; init; }
    public string? EndDate { get; init; }
    public string? Summary { get; init; }
    public IReadOnlyList<string> Highlights { get; init; } = [];
}

public sealed record AwardEntry
{
    public string Title { get; init; } = "";
    public string? Date { get; init; }
    public string? Awarder { get; init; }
    public string? Summary { get; init; }
}

public sealed record PublicationEntry
{
    public string Name { get; init; } = "";
    public string? Publisher { get; init; }
    public string? ReleaseDate { get; init; }
    public string? Url { get; init; }
    public string? Summary { get; init; }
}

public sealed record InterestEntry
{
    public string Name { get; init; } = "";
    public IReadOnlyList<string> Keywords { get; init; } = [];
}

public sealed record ReferenceEntry
{
    public string Name { get; init; } = "";
    /// <summary>What the referee said.</summary>
    public string? Reference { get; init; }
}

public sealed record CustomSection
{
    public string Title { get; init; } = "";
    public IReadOnlyList<CustomItem> Items { get; init; } = [];
}

public sealed record CustomItem
{
    public string Title { get; init; } = "";
    public string? Subtitle { get; init; }
    public string? Date { get; init; }
    public string? Description { get; init; }
    public IReadOnlyList<string> Highlights { get; init; } = [];
}
