namespace ResumePair.Documents.Documents;

/// <summary>Section <c>Documents</c>.</summary>
public sealed class DocumentOptions
{
    public const string Section = "Documents";

    /// <summary>How long a deleted document can be restored (public contract: 30 days).</summary>
    public TimeSpan TrashRetention { get; set; } = TimeSpan.FromDays(30);
}
