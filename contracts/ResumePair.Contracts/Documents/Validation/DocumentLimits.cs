namespace ResumePair.Contracts.Documents.Validation;

/// <summary>
/// Length and count caps of the document schema. They keep one document well under the 1 MiB body limit the
/// documents service enforces on requests, and keep the renderer's layout sane.
/// </summary>
public static class DocumentLimits
{
    public const int Short = 200;      // names, titles, places
    public const int Long = 5_000;     // summaries, descriptions, paragraphs
    public const int Item = 1_000;     // one highlight or bullet, an address
    public const int Url = 2_048;
    public const int Email = 254;      // RFC 5321 path limit
    public const int Phone = 50;
    public const int PhotoId = 100;
    public const int Title = Short;    // the document's own title
    public const int Items = 100;      // entries in any list

    public static readonly IReadOnlyList<string> SkillLevels = ["beginner", "intermediate", "advanced", "expert"];
}
