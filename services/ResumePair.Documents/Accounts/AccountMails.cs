using Microsoft.Extensions.Options;
using Npgsql;
using ResumePair.Documents.Mail;

namespace ResumePair.Documents.Accounts;

/// <summary>The account mails: a fresh single-use token and its mail, queued in the caller's transaction.</summary>
public sealed class AccountMails(AccountTokenStore tokens, MailOutbox outbox, IOptions<MailOptions> options)
{
    public async Task QueueVerificationAsync(NpgsqlConnection conn, NpgsqlTransaction tx, UserRow user, CancellationToken ct)
    {
        var token = await tokens.CreateAsync(conn, tx, user.Id, AccountTokenStore.VerifyEmail, options.Value.VerificationTokenLifetime, ct);
        await outbox.EnqueueAsync(conn, tx, user.Email, "Confirm your email address", $"""
            Hello {user.Name},

            Please confirm your email address for ResumePair:
            {Link("verify-email", token)}

            Or send this token to POST /api/v1/auth/email/verify: {token}
            """, ct);
    }

    public async Task QueuePasswordResetAsync(NpgsqlConnection conn, NpgsqlTransaction tx, UserRow user, CancellationToken ct)
    {
        var token = await tokens.CreateAsync(conn, tx, user.Id, AccountTokenStore.ResetPassword, options.Value.ResetTokenLifetime, ct);
        await outbox.EnqueueAsync(conn, tx, user.Email, "Reset your ResumePair password", $"""
            Hello {user.Name},

            Someone asked to reset your ResumePair password. If it was you, choose a new one here
            (the link works once, for {options.Value.ResetTokenLifetime.TotalMinutes:0} minutes):
            {Link("reset-password", token)}

            Or send this token to POST /api/v1/auth/password/reset: {token}

            If it was not you, ignore this mail; your password stays as it is.
            """, ct);
    }

    public void Committed() => outbox.Committed();

    private string Link(string page, string token) => $"{options.Value.PublicBaseUrl.TrimEnd('/')}/{page}?token={Uri.EscapeDataString(token)}";
}
