using Dapper;
using Microsoft.Extensions.Options;
using Npgsql;
using ResumePair.Documents.Mail;

namespace ResumePair.Documents.Apis;

/// <summary>
/// <c>GET /api/v1/dev/mailbox</c>: the mail this service queued, newest first, so a developer or an
/// end-to-end test can follow verification and reset links without an SMTP server. Development only
/// (or <c>Mail:DevMailboxEndpoint=true</c>): it shows secrets meant for mailboxes.
/// </summary>
public static class DevMailboxApi
{
    public sealed record MailMessage(Guid Id, string To, string Subject, string Body, DateTime CreatedAt, DateTime? SentAt);

    public static IEndpointRouteBuilder MapDevMailboxApi(this WebApplication app)
    {
        var enabled = app.Services.GetRequiredService<IOptions<MailOptions>>().Value.DevMailboxEndpoint ?? app.Environment.IsDevelopment();
        if (!enabled) return app;
        app.MapGet("/api/v1/dev/mailbox", ListAsync).WithTags("Development").AllowAnonymous();
        return app;
    }

    public static async Task<IResult> ListAsync(NpgsqlDataSource db, CancellationToken ct, string? to = null, int limit = 50)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        var rows = await conn.QueryAsync<MailMessage>(new CommandDefinition($"""
            SELECT id, to_address AS "To", subject, body_text AS Body, created_at AS CreatedAt, sent_at AS SentAt
            FROM mail_outbox {(to is null ? "" : "WHERE to_address = lower(@to)")}
            ORDER BY created_at DESC LIMIT @limit
            """, new { to, limit = Math.Clamp(limit, 1, 200) }, cancellationToken: ct));
        return TypedResults.Ok(rows.ToList());
    }
}
