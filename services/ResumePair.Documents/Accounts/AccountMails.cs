using Microsoft.Extensions.Options;
using Npgsql;
using ResumePair.Documents.Mail;

namespace ResumePair.Documents.Accounts;

/// <summary>The account mails: a fresh single-use token and its mail, queued in the caller's transaction.</summary>
public sealed class AccountMails(AccountTokenStore tokens, MailOutbox outbox, IOptions<MailOptions> options)
{
    public async Task QueueVerificationAsync(
        NpgsqlConnection conn,
        NpgsqlTransaction tx,
        UserRow user,
        CancellationToken ct
    )
    {
        var token = await tokens.CreateAsync(
            conn,
            tx,
            user.Id,
            AccountTokenStore.VerifyEmail,
            options.Value.VerificationTokenLifetime,
            ct
        );
        await outbox.EnqueueAsync(conn, tx, user.Email, "Confirm your email address", $"""
            Hello {user.Name},

            Please confirm your email address for ResumePair:
            {Link("verify-email", token)}

            Or send this token to POST /api/v1/auth/email/verify: {token}
            """, ct);
    }

    public async Task QueuePasswordResetAsync(
        NpgsqlConnection conn,
        NpgsqlTransaction tx,
        UserRow user,
        CancellationToken ct
    )
    {
        var token = await tokens.CreateAsync(
            conn,
            tx,
            user.Id,
            AccountTokenStore.ResetPassword,
            options.Value.ResetTokenLifetime,
            ct
        );
        await outbox.EnqueueAsync(conn, tx, user.Email, "Reset your ResumePair password", $"""
            Hello {user.Name},

            Someone asked to reset your ResumePair password. If it was you, choose a new one here
            (the link works once, for {options.Value.ResetTokenLifetime.TotalMinutes:0} minutes):
            {Link("reset-password", token)}

            Or send this token to POST /api/v1/auth/password/reset: {token}

            If it was not you, ignore this mail; your password stays as it is.
            """, ct);
    }

    /// <summary>
    /// Registration with an address that already has an account creates nothing and tells the caller nothing: the
    /// owner learns of it here, with the way back in (sign in, or reset the password) and no token of any kind.
    /// </summary>
    public Task QueueAlreadyRegisteredAsync(
        NpgsqlConnection conn,
        NpgsqlTransaction tx,
        string email,
        CancellationToken ct
    ) =>
        outbox.EnqueueAsync(
            conn,
            tx,
            email,
            "You already have a ResumePair account",
            $"""
            Hello,

            Someone, perhaps you, tried to create a new ResumePair account with this email address. It already has
            an account, so nothing was created and nothing about your account changed.

            If it was you, sign in: {Page("signin")}
            Forgot your password? Ask for a reset link: {Page("forgot-password")}

            If it was not you, ignore this mail.
            """,
            ct
        );

    public void Committed() => outbox.Committed();

    private string Page(string page) => $"{options.Value.PublicBaseUrl.TrimEnd('/')}/{page}";

    private string Link(string page, string token) =>
        $"{options.Value.PublicBaseUrl.TrimEnd('/')}/{page}?token={Uri.EscapeDataString(token)}";
}
