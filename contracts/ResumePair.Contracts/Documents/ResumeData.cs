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
    public IReadOnlyList<CustomSection> CustomSections { get; init; } = [];
    /// <summary>Template, page size, colours, fonts, spacing and section layout; null = the template's defaults.</summary>
    public DesignSettings? Design { get; init; }
}

public sealed record Profile
{
    public string Name { get; init; } = "";
    public string? Headline { get; init; }
    public string? Email { get; init; }
    public string? Phone { get; init; }
    public string? Location { get; init; }
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
public sealed record Link(string Label = "", string Url = "");

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
    public string? Summary { get; init; }
    public IReadOnlyList<string> Highlights { get; init; } = [];
}

public sealed record EducationEntry
{
    public string Institution { get; init; } = "";
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
