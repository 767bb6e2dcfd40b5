namespace ResumePair.Documents.Mail;

/// <summary>Section <c>Mail</c>. Without an SMTP host, mail goes to the development mailbox folder.</summary>
public sealed class MailOptions
{
    public const string Section = "Mail";

    public string From { get; set; } = "ResumePair <no-reply@resumepair.local>";

    /// <summary>Where links in mails point (the public web app / gateway).</summary>
    public string PublicBaseUrl { get; set; } = "http://127.0.0.1:8080";

    public string? SmtpHost { get; set; }
    public int SmtpPort { get; set; } = 25;
    public bool SmtpEnableSsl { get; set; }
    public string? SmtpUser { get; set; }
    public string? SmtpPassword { get; set; }

    /// <summary>Folder for the development mailbox (one readable .txt file per mail); relative to the content
    /// root.</summary>
    public string DevMailboxPath { get; set; } = ".data/mailbox";

    /// <summary>Serve <c>GET /api/v1/dev/mailbox</c>; defaults to on in Development only.</summary>
    public bool? DevMailboxEndpoint { get; set; }

    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(2);
    public int MaxAttempts { get; set; } = 10;
    public TimeSpan VerificationTokenLifetime { get; set; } = TimeSpan.FromDays(2);
    public TimeSpan ResetTokenLifetime { get; set; } = TimeSpan.FromHours(1);
}
