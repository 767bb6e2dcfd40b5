using Dapper;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using Npgsql;
using ResumePair.Contracts.Accounts;
using ResumePair.Documents.Http;
using ResumePair.Documents.Mail;
using ResumePair.Messaging.Outbox;

namespace ResumePair.Documents.Accounts;

public enum ChangeOutcome { Done, WrongPassword, EmailTaken, SameEmail, InvalidToken, UnknownUser }

/// <summary>
/// What a signed-in user changes about the account itself: password and email (each after entering the password
/// again, with a mail to the address the account had), and deletion (password, then a single-use link mailed to the
/// owner; the deletion removes the user row, which cascades to every document, version, photo, share, session and
/// token, and tells other services through the outbox, all in one transaction).
/// </summary>
public sealed class AccountChanges(
    NpgsqlDataSource db,
    UserStore users,
    IPasswordHasher<UserRow> hasher,
    AccountTokenStore tokens,
    AccountMails accountMails,
    MailOutbox mail,
    OutboxWriter outbox,
    TimeProvider clock,
    IOptions<MailOptions> mailOptions
)
{
    public static readonly TimeSpan DeletionLinkLifetime = TimeSpan.FromHours(1);

    public async Task<ChangeOutcome> ChangePasswordAsync(
        Guid userId,
        Guid? keepSession,
        string current,
        string next,
        CancellationToken ct
    )
    {
        if (await ReauthenticateAsync(userId, current, ct) is not { } user) return ChangeOutcome.WrongPassword;
        await using (var conn = await db.OpenConnectionAsync(ct))
        await using (var tx = await conn.BeginTransactionAsync(ct))
        {
            await users.SetPasswordAsync(conn, tx, userId, hasher.HashPassword(user, next), ct);
            // Other devices signed in with the old password are signed out; this one stays.
            var now = clock.UtcNowForDb();
            await conn.ExecuteAsync(
                new CommandDefinition(
                    """
                    UPDATE sessions SET revoked_at = @now WHERE user_id = @userId AND revoked_at IS NULL
                        AND id IS DISTINCT FROM @keepSession;
                    UPDATE refresh_tokens SET revoked_at = @now WHERE user_id = @userId AND revoked_at IS NULL
                        AND family_id IS DISTINCT FROM @keepSession;
                    """,
                    new
                    {
                        userId,
                        keepSession,
                        now,
                    },
                    tx,
                    cancellationToken: ct
                )
            );
            await mail.EnqueueAsync(conn, tx, user.Email, "Your ResumePair password was changed", $"""
                Hello {user.Name},

                The password of your ResumePair account was changed; other devices were signed out.
                If this was not you, reset your password now: {Link("forgot-password")}
                """, ct);
            await tx.CommitAsync(ct);
        }
        mail.Committed();
        return ChangeOutcome.Done;
    }

    /// <summary>The new address takes effect at once (unverified, a confirmation mail sent to it); the old one is
    /// told.</summary>
    public async Task<(ChangeOutcome Outcome, UserRow? User)> ChangeEmailAsync(
        Guid userId,
        string password,
        string newEmail,
        CancellationToken ct
    )
    {
        if (await ReauthenticateAsync(userId, password, ct) is not { } user) return (ChangeOutcome.WrongPassword, null);
        var email = UserStore.NormalizeEmail(newEmail);
        if (email == user.Email) return (ChangeOutcome.SameEmail, null);
        var changed = user with { Email = email, EmailVerified = false };
        await using (var conn = await db.OpenConnectionAsync(ct))
        await using (var tx = await conn.BeginTransactionAsync(ct))
        {
            try
            {
                await conn.ExecuteAsync(
                    new CommandDefinition(
                        "UPDATE users SET email = @email, email_verified = false WHERE id = @userId",
                        new { email, userId },
                        tx,
                        cancellationToken: ct
                    )
                );
            }
            catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UniqueViolation)
            {
                return (ChangeOutcome.EmailTaken, null);
            }
            await mail.EnqueueAsync(conn, tx, user.Email, "Your ResumePair email address was changed", $"""
                Hello {user.Name},

                The email address of your ResumePair account was changed from {user.Email} to {email}.
                Mail about your account goes to the new address from now on.
                If this was not you, reply to this mail at once: someone who knows your password changed it.
                """, ct);
            await accountMails.QueueVerificationAsync(conn, tx, changed, ct);
            await tx.CommitAsync(ct);
        }
        mail.Committed();
        return (ChangeOutcome.Done, changed);
    }

    /// <summary>Step 1 of deletion: the password again, then a link to the owner's mailbox.</summary>
    public async Task<ChangeOutcome> RequestDeletionAsync(Guid userId, string password, CancellationToken ct)
    {
        if (await ReauthenticateAsync(userId, password, ct) is not { } user) return ChangeOutcome.WrongPassword;
        await using (var conn = await db.OpenConnectionAsync(ct))
        await using (var tx = await conn.BeginTransactionAsync(ct))
        {
            var token = await tokens.CreateAsync(
                conn,
                tx,
                userId,
                AccountTokenStore.DeleteAccount,
                DeletionLinkLifetime,
                ct
            );
            await mail.EnqueueAsync(conn, tx, user.Email, "Confirm the deletion of your ResumePair account", $"""
                Hello {user.Name},

                You asked to delete your ResumePair account with every document, photo, share link and export.
                This cannot be undone. To delete it, open this link within an hour (signed in):
                {Link("delete-account")}?token={Uri.EscapeDataString(token)}

                If you did not ask for this, ignore this mail and change your password.
                """, ct);
            await tx.CommitAsync(ct);
        }
        mail.Committed();
        return ChangeOutcome.Done;
    }

    /// <summary>Step 2: the mailed token, used by the same signed-in user. Everything goes in one
    /// transaction.</summary>
    public async Task<ChangeOutcome> ConfirmDeletionAsync(Guid userId, string token, CancellationToken ct)
    {
        var user = await users.FindByIdAsync(userId, ct);
        if (user is null) return ChangeOutcome.UnknownUser;
        await using (var conn = await db.OpenConnectionAsync(ct))
        await using (var tx = await conn.BeginTransactionAsync(ct))
        {
            if (await tokens.ConsumeAsync(conn, tx, token, AccountTokenStore.DeleteAccount, ct) != userId)
                return ChangeOutcome.InvalidToken;
            await outbox.EnqueueAsync(
                conn,
                tx,
                new AccountDeleted { UserId = userId, OccurredAt = clock.GetUtcNow() },
                ct
            );
            await mail.EnqueueAsync(conn, tx, user.Email, "Your ResumePair account was deleted", $"""
                Hello {user.Name},

                Your ResumePair account and everything in it (documents, versions, photos, share links, exports,
                sessions) have been deleted. Thank you for using ResumePair.
                """, ct);
            await conn.ExecuteAsync(
                new CommandDefinition("DELETE FROM users WHERE id = @userId", new { userId }, tx, cancellationToken: ct)
            );
            await tx.CommitAsync(ct);
        }
        mail.Committed();
        return ChangeOutcome.Done;
    }

    /// <summary>The user when <paramref name="password"/> is theirs; costs one hash verification either way.</summary>
    private async Task<UserRow?> ReauthenticateAsync(Guid userId, string password, CancellationToken ct)
    {
        var user = await users.FindByIdAsync(userId, ct);
        if (user is null) return null;
        return hasher.VerifyHashedPassword(user, user.PasswordHash, password) == PasswordVerificationResult.Failed
            ? null
            : user;
    }

    private string Link(string page) => $"{mailOptions.Value.PublicBaseUrl.TrimEnd('/')}/{page}";
}
