using System.Net;
using System.Net.Mail;
using System.Text;
using Microsoft.Extensions.Options;

namespace ResumePair.Documents.Mail;

public interface IMailTransport
{
    Task SendAsync(OutgoingMail mail, CancellationToken ct);
}

/// <summary>Delivers through the configured SMTP server.</summary>
public sealed class SmtpMailTransport(IOptions<MailOptions> options) : IMailTransport
{
    public async Task SendAsync(OutgoingMail mail, CancellationToken ct)
    {
        var o = options.Value;
        using var client = new SmtpClient(o.SmtpHost, o.SmtpPort) { EnableSsl = o.SmtpEnableSsl };
        if (o.SmtpUser is not null) client.Credentials = new NetworkCredential(o.SmtpUser, o.SmtpPassword);
        using var message = new MailMessage
        {
            From = new MailAddress(o.From),
            Subject = mail.Subject,
            Body = mail.Body,
            BodyEncoding = Encoding.UTF8,
        };
        message.To.Add(mail.To);
        // lets a receiving server drop a resent duplicate
        message.Headers.Add("Message-ID", $"<{mail.Id}@resumepair.local>");
        await client.SendMailAsync(message, ct);
    }
}

/// <summary>
/// Development mailbox: one readable text file per mail (no SMTP server needed). The same messages are
/// served by <c>GET /api/v1/dev/mailbox</c> from the outbox table, so every replica sees them.
/// </summary>
public sealed class DevMailboxTransport(IOptions<MailOptions> options, IHostEnvironment environment) : IMailTransport
{
    public async Task SendAsync(OutgoingMail mail, CancellationToken ct)
    {
        var folder = Path.Combine(environment.ContentRootPath, options.Value.DevMailboxPath);
        Directory.CreateDirectory(folder);
        var text = $"""
            Message-ID: <{mail.Id}@resumepair.local>
            Date: {mail.CreatedAt:R}
            From: {options.Value.From}
            To: {mail.To}
            Subject: {mail.Subject}

            {mail.Body}
            """;
        // Named by id: a redelivery after a crash overwrites the same file instead of adding a copy.
        await File.WriteAllTextAsync(
            Path.Combine(folder, $"{mail.CreatedAt:yyyyMMdd-HHmmss}-{mail.Id:N}.txt"),
            text,
            ct
        );
    }
}
