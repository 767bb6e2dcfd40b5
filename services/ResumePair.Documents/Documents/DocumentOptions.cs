namespace ResumePair.Documents.Documents;

/// <summary>Section <c>Documents</c>.</summary>
public sealed class DocumentOptions
{
    public const string Section = "Documents";

    /// <summary>How long a deleted document can be restored (public contract: 30 days).</summary>
    public TimeSpan TrashRetention { get; set; } = TimeSpan.FromDays(30);

    /// <summary>Version history: the newest this many are all kept (see <see cref="VersionThinning"/>).</summary>
    public int VersionsKeepAll { get; set; } = 50;

    /// <summary>Older versions younger than this keep one per hour; older still, one per day.</summary>
    public TimeSpan VersionsHourlyFor { get; set; } = TimeSpan.FromDays(7);

    /// <summary>The cap on saved versions per document.</summary>
    public int MaxVersions { get; set; } = 200;

    /// <summary>Thin the history on every this-many-th version.</summary>
    public int ThinEvery { get; set; } = 10;

    /// <summary>Comment lines on an idle event stream, so proxies do not close it.</summary>
    public TimeSpan EventsHeartbeat { get; set; } = TimeSpan.FromSeconds(15);
}
