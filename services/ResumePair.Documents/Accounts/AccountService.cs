using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using Npgsql;
using ResumePair.Documents.Http;

namespace ResumePair.Documents.Accounts;

public enum LoginOutcome { Success, BadCredentials, LockedOut }

public sealed record LoginResult(LoginOutcome Outcome, TokenResponse? Tokens = null, TimeSpan RetryAfter = default);

/// <summary>Registration, login and refresh: the steps between the HTTP endpoints and the stores.</summary>
public sealed class AccountService(
    NpgsqlDataSource db,
    UserStore users,
    RefreshTokenService refreshTokens,
    AccessTokenIssuer accessTokens,
    IPasswordHasher<UserRow> hasher,
    AccountTokenStore accountTokens,
    AccountMails mails,
    LoginThrottle throttle,
    TimeProvider clock,
    IOptions<AccountOptions> options
)
{
    // Verified against when the email is unknown, so that answer takes as long as a wrong password.
    private static readonly Lazy<string> DummyHash = new(() =>
        new PasswordHasher<UserRow>().HashPassword(null!, "not-a-real-password-1")
    );

    /// <summary>
    /// The new user (its verification mail queued with it) and a first session. An address that already has an
    /// account gets the same answer, so registration tells nobody who has an account: nothing is created, its owner
    /// is mailed instead, and the caller gets tokens of the same shape that every service refuses
    /// (<see cref="DecoyAsync"/>). Both paths hash the password once, the cost that dominates the answer's time.
    /// </summary>
    public async Task<TokenResponse> RegisterAsync(RegisterRequest request, string? userAgent, CancellationToken ct)
    {
        var user = new UserRow(
            Guid.CreateVersion7(),
            UserStore.NormalizeEmail(request.Email!),
            request.Name!.Trim(),
            "",
            EmailVerified: false,
            Role: "user",
            UserStore.DefaultPlan,
            clock.UtcNowForDb(),
            FailedLoginCount: 0,
            LockedUntil: null
        );
        if (options.Value.IsAdminEmail(user.Email)) user = user with { Role = "admin" };
        user = user with { PasswordHash = hasher.HashPassword(user, request.Password!) };
        bool created;
        await using (var conn = await db.OpenConnectionAsync(ct))
        await using (var tx = await conn.BeginTransactionAsync(ct))
        {
            created = await users.TryInsertAsync(conn, tx, user, ct);
            if (created) await mails.QueueVerificationAsync(conn, tx, user, ct);
            else await mails.QueueAlreadyRegisteredAsync(conn, tx, user.Email, ct);
            await tx.CommitAsync(ct);
        }
        mails.Committed();
        return created ? await StartSessionAsync(user, userAgent, ct) : await DecoyAsync(user, ct);
    }

    /// <summary>
    /// What a new registration answers, for a user id and session that exist nowhere: the access token has the same
    /// header and claims but a signature no service accepts (<see cref="AccessTokenIssuer.IssueDecoyAsync"/>); the
    /// refresh token is random bytes no table holds. Using them reveals the difference (401), as signing in with the
    /// new password would: full silence needs sign-in only after the mailed link, a change to the contract.
    /// </summary>
    private async Task<TokenResponse> DecoyAsync(UserRow user, CancellationToken ct) =>
        new(UserResponse.From(user), await accessTokens.IssueDecoyAsync(user, Guid.CreateVersion7(), ct),
            RefreshTokenService.NewToken(), (int)accessTokens.Lifetime.TotalSeconds);

    /// <summary>
    /// Checks the password unless the account or the client address is locked. Unknown emails are counted and
    /// locked exactly like known ones (and cost the same hashing time), so no answer tells who has an account.
    /// </summary>
    public async Task<LoginResult> LoginAsync(
        string email,
        string password,
        string? userAgent,
        string? address,
        CancellationToken ct
    )
    {
        var locked = await throttle.LockedForAsync(email, address, ct);
        if (locked > TimeSpan.Zero) return new(LoginOutcome.LockedOut, RetryAfter: locked);

        var user = await users.FindByEmailAsync(email, ct);
        var verified = PasswordVerificationResult.Failed;
        if (user is null) hasher.VerifyHashedPassword(null!, DummyHash.Value, password);
        else verified = hasher.VerifyHashedPassword(user, user.PasswordHash, password);
        if (user is null || verified == PasswordVerificationResult.Failed)
        {
            await throttle.RecordFailureAsync(email, address, ct);
            return new(LoginOutcome.BadCredentials);
        }
        await throttle.ResetAccountAsync(email, ct);
        if (user.Role != "admin" && options.Value.IsAdminEmail(user.Email))
        {
            await users.SetRoleAsync(user.Id, "admin", ct);
            user = user with { Role = "admin" };
        }
        // The hasher's defaults moved on (more iterations) since this hash was made: upgrade it while we have the
        // password.
        if (verified == PasswordVerificationResult.SuccessRehashNeeded)
            await users.UpdatePasswordHashAsync(user.Id, hasher.HashPassword(user, password), ct);
        return new(LoginOutcome.Success, await StartSessionAsync(user, userAgent, ct));
    }

    /// <summary>
    /// New tokens for a live refresh token; null when it is unknown, expired, used or revoked. The access token is
    /// issued from the account as it is now (role, plan), not as it was at sign-in.
    /// </summary>
    public async Task<TokenResponse?> RefreshAsync(string refreshToken, string? userAgent, CancellationToken ct)
    {
        var rotation = await refreshTokens.RotateAsync(refreshToken, userAgent, ct);
        if (rotation.Outcome != RotationOutcome.Rotated) return null;
        var user = await users.FindByIdAsync(rotation.UserId, ct);
        if (user is null) return null;
        return await TokensAsync(user, rotation.SessionId, rotation.RefreshToken!, ct);
    }

    /// <summary>Mails a reset link when the address belongs to an account; says nothing either way.</summary>
    public async Task ForgotPasswordAsync(string email, CancellationToken ct)
    {
        var user = await users.FindByEmailAsync(email, ct);
        if (user is null) return;
        await using (var conn = await db.OpenConnectionAsync(ct))
        await using (var tx = await conn.BeginTransactionAsync(ct))
        {
            await mails.QueuePasswordResetAsync(conn, tx, user, ct);
            await tx.CommitAsync(ct);
        }
        mails.Committed();
    }

    /// <summary>Sets the password and signs out every session; false when the token is not a live reset
    /// token.</summary>
    public async Task<bool> ResetPasswordAsync(string token, string newPassword, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        if (await accountTokens.ConsumeAsync(conn, tx, token, AccountTokenStore.ResetPassword, ct) is not { } userId)
            return false;
        await users.SetPasswordAsync(conn, tx, userId, hasher.HashPassword(null!, newPassword), ct);
        // The owner proved control of the mailbox: lift the account's lockout too.
        if (await users.FindByIdAsync(userId, ct) is { } owner)
            await LoginThrottle.ResetAccountAsync(conn, tx, owner.Email, ct);
        await refreshTokens.RevokeAllSessionsAsync(conn, tx, userId, ct);
        await tx.CommitAsync(ct);
        return true;
    }

    public async Task<bool> VerifyEmailAsync(string token, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        if (await accountTokens.ConsumeAsync(conn, tx, token, AccountTokenStore.VerifyEmail, ct) is not { } userId)
            return false;
        await users.MarkEmailVerifiedAsync(conn, tx, userId, ct);
        await tx.CommitAsync(ct);
        return true;
    }

    /// <summary>Queues a new verification mail unless the address is already verified.</summary>
    public async Task ResendVerificationAsync(Guid userId, CancellationToken ct)
    {
        var user = await users.FindByIdAsync(userId, ct);
        if (user is null || user.EmailVerified) return;
        await using (var conn = await db.OpenConnectionAsync(ct))
        await using (var tx = await conn.BeginTransactionAsync(ct))
        {
            await mails.QueueVerificationAsync(conn, tx, user, ct);
            await tx.CommitAsync(ct);
        }
        mails.Committed();
    }

    private async Task<TokenResponse> StartSessionAsync(UserRow user, string? userAgent, CancellationToken ct)
    {
        var (sessionId, refreshToken) = await refreshTokens.StartSessionAsync(user.Id, userAgent, ct);
        return await TokensAsync(user, sessionId, refreshToken, ct);
    }

    private async Task<TokenResponse> TokensAsync(
        UserRow user,
        Guid sessionId,
        string refreshToken,
        CancellationToken ct
    ) =>
        new(
            UserResponse.From(user),
            await accessTokens.IssueAsync(user, sessionId, ct),
            refreshToken,
            (int)accessTokens.Lifetime.TotalSeconds
        );
}
