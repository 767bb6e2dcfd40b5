namespace ResumePair.Documents.Photos;

/// <summary>Section <c>Photos</c>.</summary>
public sealed class PhotoOptions
{
    public const string Section = "Photos";

    /// <summary>The largest photo accepted (public contract: 5 MB).</summary>
    public int MaxBytes { get; set; } = 5 * 1024 * 1024;

    /// <summary>How long an upload URL can be used (once).</summary>
    public TimeSpan UploadUrlLifetime { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>How long a signed download URL for the small version works.</summary>
    public TimeSpan DownloadUrlLifetime { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>The small version fits in a square of this many pixels (a resume prints it at about 3 cm).</summary>
    public int SmallSize { get; set; } = 256;

    /// <summary>How often the resizer looks for uploaded photos when nothing woke it.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(2);

    public int MaxAttempts { get; set; } = 3;
}
