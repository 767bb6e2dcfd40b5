using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;
using ResumePair.Documents.Accounts;
using ResumePair.Documents.Http;
using ResumePair.ServiceDefaults.Auth;
using ResumePair.ServiceDefaults.OpenApi;
using ResumePair.Web.Idempotency;

namespace ResumePair.Documents.Apis;

public static class AuthApi
{
    public static RouteGroupBuilder MapAuthApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1/auth").WithTags("Auth");
        api.MapPost("/register", RegisterAsync).AllowAnonymous().WithRateLimitDescription()
            .WithSummary("Create an account (a known address gets the same answer; its owner is mailed)");
        api.MapPost("/login", LoginAsync).AllowAnonymous().WithRateLimitDescription().WithSummary("Sign in");
        api.MapPost("/refresh", RefreshAsync).AllowAnonymous()
            .WithSummary("New tokens for a refresh token (body or the HttpOnly cookie); the old one dies");
        api.MapPost("/logout", LogoutAsync).RequireAuthorization().WithSummary("Sign out this session");
        api.MapPost("/password/forgot", ForgotPasswordAsync).AllowAnonymous().WithRateLimitDescription()
            .WithSummary("Mail a password reset link (always 202)");
        api.MapPost("/password/reset", ResetPasswordAsync).AllowAnonymous()
            .WithSummary("Set a new password with a mailed token; every session ends");
        api.MapPost("/email/verify", VerifyEmailAsync)
            .AllowAnonymous()
            .WithSummary("Verify the email address with a mailed token");
        api.MapPost("/email/resend", ResendVerificationAsync)
            .RequireAuthorization()
            .WithIdempotency()
            .WithRateLimitDescription()
            .WithSummary("Mail the verification link again");
        api.MapGet("/me", MeAsync).RequireAuthorization();
        api.MapGet("/sessions", ListSessionsAsync).RequireAuthorization();
        api.MapDelete("/sessions/{id:guid}", RevokeSessionAsync).RequireAuthorization();
        return api;
    }

    public static async Task<Results<Created<TokenResponse>, ValidationProblem, ProblemHttpResult>> RegisterAsync(
        RegisterRequest request,
        AccountService accounts,
        RefreshCookie cookie,
        AccountThrottle throttle,
        HttpContext http,
        CancellationToken ct
    )
    {
        var errors = AccountRules.ValidateRegistration(request);
        if (errors.Count > 0) return TypedResults.ValidationProblem(errors);
        if (
            await throttle.TryAcquireAsync(
                http,
                (AccountThrottle.RegisterByAddress, throttle.Address(http) ?? "unknown"),
                (AccountThrottle.RegisterByEmail, AccountThrottle.EmailKey(request.Email!))
            ) is
            { } limited
        )
            return limited;

        // A known address answers the same (its owner is mailed instead): see AccountService.RegisterAsync.
        var tokens = await accounts.RegisterAsync(request, UserAgent(http), ct);
        return TypedResults.Created("/api/v1/auth/me", cookie.Issue(http, tokens));
    }

    public static async Task<Results<Ok<TokenResponse>, ValidationProblem, ProblemHttpResult>> LoginAsync(
        LoginRequest request, AccountService accounts, ClientAddress clientAddress, RefreshCookie cookie,
        IOptions<AccountOptions> options, HttpContext http, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(request.Email)) errors["email"] = ["Email is required."];
        else if (AccountRules.ValidateText(request.Email, AccountRules.MaxEmailLength) is { } email)
            errors["email"] = [email];
        if (string.IsNullOrEmpty(request.Password)) errors["password"] = ["Password is required."];
        else if (request.Password.Contains('\0')) errors["password"] = ["Password must not contain NUL characters."];
        if (errors.Count > 0) return TypedResults.ValidationProblem(errors);

        var result = await accounts.LoginAsync(
            request.Email!,
            request.Password!,
            UserAgent(http),
            clientAddress.Of(http),
            ct
        );
        switch (result.Outcome)
        {
            case LoginOutcome.Success:
                return TypedResults.Ok(cookie.Issue(http, result.Tokens!));
            case LoginOutcome.LockedOut:
                var seconds = Math.Ceiling(result.RetryAfter.TotalSeconds).ToString(CultureInfo.InvariantCulture);
                http.Response.Headers.RetryAfter = seconds;
                // The lock is a limit like the others: say so in the same headers (nothing left until it ends).
                http.Response.Headers["RateLimit-Limit"] = options.Value.MaxFailedLogins.ToString(
                    CultureInfo.InvariantCulture
                );
                http.Response.Headers["RateLimit-Remaining"] = "0";
                http.Response.Headers["RateLimit-Reset"] = seconds;
                return TypedResults.Problem(statusCode: 429, title: "Too many failed logins",
                    detail: "Too many failed logins for this account or from this address; try again later.");
            default:
                return TypedResults.Problem(
                    statusCode: 401,
                    title: "Invalid credentials",
                    detail: "The email or password is incorrect."
                );
        }
    }

    public static async Task<Results<Ok<TokenResponse>, ValidationProblem, ProblemHttpResult>> RefreshAsync(
        RefreshRequest? request, AccountService accounts, RefreshCookie cookie, HttpContext http, CancellationToken ct)
    {
        // The body's token (scripts) or the browser's HttpOnly cookie (the web app).
        var presented = request?.RefreshToken is { Length: > 0 } body ? body : RefreshCookie.From(http);
        if (presented is null)
            return TypedResults.ValidationProblem(
                new Dictionary<string, string[]> { ["refreshToken"] = ["Refresh token is required."] }
            );

        var tokens = await accounts.RefreshAsync(presented, UserAgent(http), ct);
        if (tokens is null)
        {
            RefreshCookie.Clear(http);
            return TypedResults.Problem(statusCode: 401, title: "Invalid refresh token",
                detail: "The refresh token is unknown, expired or revoked. Sign in again.");
        }
        return TypedResults.Ok(cookie.Issue(http, tokens));
    }

    public static async Task<NoContent> LogoutAsync(
        ClaimsPrincipal user,
        RefreshTokenService refreshTokens,
        HttpContext http,
        CancellationToken ct
    )
    {
        if (SessionId(user) is { } sessionId) await refreshTokens.RevokeSessionAsync(sessionId, ct);
        RefreshCookie.Clear(http);
        return TypedResults.NoContent();
    }

    public static async Task<Results<Ok<MeResponse>, ProblemHttpResult>> MeAsync(
        ClaimsPrincipal principal, HttpRequest request, UserStore users, AiUsageClient aiUsage, CancellationToken ct)
    {
        var user = await users.FindByIdAsync(principal.UserId(), ct);
        if (user is null)
            return TypedResults.Problem(
                statusCode: 401,
                title: "Unknown user",
                detail: "The token's user no longer exists."
            );
        var storage = users.StorageUsedAsync(user.Id, ct);
        var quota = aiUsage.GetAsync(request.Headers.Authorization, ct);
        return TypedResults.Ok(
            new MeResponse(
                user.Id,
                user.Email,
                user.Name,
                user.EmailVerified,
                user.Role,
                user.Plan,
                user.CreatedAt,
                await storage,
                await quota
            )
        );
    }

    /// <summary>Always 202 for a well-formed address, so the answer does not tell who has an account.</summary>
    public static async Task<Results<Accepted, ValidationProblem, ProblemHttpResult>> ForgotPasswordAsync(
        ForgotPasswordRequest request,
        AccountService accounts,
        AccountThrottle throttle,
        HttpContext http,
        CancellationToken ct
    )
    {
        if (AccountRules.ValidateEmail(request.Email) is { } error)
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["email"] = [error] });
        // Known and unknown addresses count alike, so the limit tells nobody who has an account.
        if (await throttle.TryAcquireAsync(http, (AccountThrottle.ForgotByAddress, throttle.Address(http) ?? "unknown"),
                (AccountThrottle.ForgotByEmail, AccountThrottle.EmailKey(request.Email!))) is { } limited)
            return limited;
        await accounts.ForgotPasswordAsync(request.Email!, ct);
        return TypedResults.Accepted((string?)null);
    }

    public static async Task<Results<NoContent, ValidationProblem>> ResetPasswordAsync(
        ResetPasswordRequest request,
        AccountService accounts,
        CancellationToken ct
    )
    {
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrEmpty(request.Token)) errors["token"] = ["Token is required."];
        if (AccountRules.ValidatePassword(request.NewPassword) is { } error) errors["newPassword"] = [error];
        if (errors.Count > 0) return TypedResults.ValidationProblem(errors);

        return await accounts.ResetPasswordAsync(request.Token!, request.NewPassword!, ct)
            ? TypedResults.NoContent()
            : TypedResults.ValidationProblem(
                new Dictionary<string, string[]>
                {
                    ["token"] = ["The reset link is invalid, used or expired. Ask for a new one."],
                }
            );
    }

    public static async Task<Results<NoContent, ValidationProblem>> VerifyEmailAsync(
        VerifyEmailRequest request,
        AccountService accounts,
        CancellationToken ct
    )
    {
        if (string.IsNullOrEmpty(request.Token))
            return TypedResults.ValidationProblem(
                new Dictionary<string, string[]> { ["token"] = ["Token is required."] }
            );
        return await accounts.VerifyEmailAsync(request.Token, ct)
            ? TypedResults.NoContent()
            : TypedResults.ValidationProblem(
                new Dictionary<string, string[]>
                {
                    ["token"] = ["The verification link is invalid, used or expired. Ask for a new one."],
                }
            );
    }

    public static async Task<Results<Accepted, ProblemHttpResult>> ResendVerificationAsync(
        ClaimsPrincipal user,
        AccountService accounts,
        AccountThrottle throttle,
        HttpContext http,
        CancellationToken ct
    )
    {
        if (await throttle.TryAcquireAsync(http, (AccountThrottle.ResendByAddress, throttle.Address(http) ?? "unknown"),
                (AccountThrottle.ResendByUser, user.UserId().ToString("N"))) is { } limited)
            return limited;
        await accounts.ResendVerificationAsync(user.UserId(), ct);
        return TypedResults.Accepted((string?)null);
    }

    public static async Task<Ok<IReadOnlyList<SessionResponse>>> ListSessionsAsync(
        ClaimsPrincipal user,
        SessionStore sessions,
        CancellationToken ct
    ) => TypedResults.Ok(await sessions.ListAsync(user.UserId(), SessionId(user), ct));

    /// <summary>Signs a device out: its refresh tokens die at once; its access token runs out within minutes.</summary>
    public static async Task<Results<NoContent, ProblemHttpResult>> RevokeSessionAsync(
        Guid id, ClaimsPrincipal user, SessionStore sessions, RefreshTokenService refreshTokens, CancellationToken ct)
    {
        if (!await sessions.BelongsToAsync(user.UserId(), id, ct))
            return TypedResults.Problem(
                statusCode: 404,
                title: "Session not found",
                detail: "There is no such session."
            );
        await refreshTokens.RevokeSessionAsync(id, ct);
        return TypedResults.NoContent();
    }

    private static Guid? SessionId(ClaimsPrincipal user) =>
        Guid.TryParse(user.FindFirstValue("sid"), out var id) ? id : null;

    private static string? UserAgent(HttpContext http) =>
        http.Request.Headers[HeaderNames.UserAgent].ToString() is { Length: > 0 } ua ? ua : null;
}
