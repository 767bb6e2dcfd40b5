namespace ResumePair.Contracts.Documents;

public static class DocumentTypes
{
    public const string Resume = "resume";
    public const string CoverLetter = "cover_letter";

    public static bool IsKnown(string? type) => type is Resume or CoverLetter;
}
