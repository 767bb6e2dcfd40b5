using Dapper;
using Microsoft.Extensions.Options;
using Npgsql;
using ResumePair.Documents.Accounts;
using ResumePair.Documents.Mail;
using ResumePair.ServiceDefaults.Http;

namespace ResumePair.Documents.Apis;

/// <summary>
/// <c>GET /api/v1/dev/mailbox</c>: the mail this service queued, newest first, so a developer or an
/// end-to-end test can follow verification and reset links without an SMTP server. Development only
/// (or <c>Mail:DevMailboxEndpoint=true</c>). It shows secrets meant for mailboxes (reset and verification
/// tokens), so it answers only an admin's token or a direct call on this service's own loopback, and is
/// never routed by the gateway: a public mailbox is an account takeover.
/// </summary>
public static class DevMailboxApi
{
    public sealed record MailMessage(
        Guid Id,
        string To,
        string Subject,
        string Body,
        DateTime CreatedAt,
        DateTime? SentAt
    );

    public static IEndpointRouteBuilder MapDevMailboxApi(this WebApplication app)
    {
        var enabled = app.Services.GetRequiredService<IOptions<MailOptions>>().Value.DevMailboxEndpoint
            ?? app.Environment.IsDevelopment();
        if (!enabled) return app;
        app.MapGet("/api/v1/dev/mailbox", ListAsync).WithTags("Development").AllowAnonymous().ExcludeFromDescription();
        return app;
    }

    public static async Task<IResult> ListAsync(HttpContext http, NpgsqlDataSource db, CancellationToken ct,
        string? to = null, int limit = 50)
    {
        // Same answer as a route that does not exist: an outsider learns nothing about development mode.
        if (!OperatorAccess.IsOperator(http))
            return Results.Problem(
                statusCode: 404,
                title: "Not found",
                detail: $"No route matches {http.Request.Path}."
            );
        if (to is not null && AccountRules.ValidateText(to, AccountRules.MaxEmailLength) is { } error)
            return Results.ValidationProblem(new Dictionary<string, string[]> { ["to"] = [error] });

        await using var conn = await db.OpenConnectionAsync(ct);
        var rows = await conn.QueryAsync<MailMessage>(new CommandDefinition($"""
            SELECT id, to_address AS "To", subject, body_text AS Body, created_at AS CreatedAt, sent_at AS SentAt
            FROM mail_outbox {(to is null ? "" : "WHERE to_address = lower(@to)")}
            ORDER BY created_at DESC LIMIT @limit
            """, new { to, limit = Math.Clamp(limit, 1, 200) }, cancellationToken: ct));
        return TypedResults.Ok(rows.ToList());
    }
}
