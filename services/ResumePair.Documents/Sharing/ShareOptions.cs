namespace ResumePair.Documents.Sharing;

/// <summary>Section <c>Sharing</c>.</summary>
public sealed class ShareOptions
{
    public const string Section = "Sharing";

    /// <summary>Printed when the document's design names no template (the renderer's plain one).</summary>
    public string DefaultTemplate { get; set; } = "ats-single-column";

    /// <summary>How long an unlocked password-protected link stays open in that browser.</summary>
    public TimeSpan UnlockLifetime { get; set; } = TimeSpan.FromHours(12);

    /// <summary>How long a visitor's PDF download may wait for a render that is not there yet.</summary>
    public TimeSpan PdfWait { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Most days of statistics the owner can ask for at once.</summary>
    public int MaxStatsDays { get; set; } = 90;
}

/// <summary>Rate-limit policies (per visitor address) of the public pages; <c>RateLimits:Policies:{name}</c>
/// overrides.</summary>
public static class SharePolicies
{
    public const string View = "share-view";
    public const string Password = "share-password";
}
