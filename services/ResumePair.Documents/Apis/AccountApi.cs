using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using ResumePair.Documents.Accounts;
using ResumePair.ServiceDefaults.Auth;
using ResumePair.Web.RateLimiting;

namespace ResumePair.Documents.Apis;

public sealed record ChangePasswordRequest(string? CurrentPassword, string? NewPassword);

public sealed record ChangeEmailRequest(string? Password, string? NewEmail);

public sealed record DeleteAccountRequest(string? Password);

public sealed record ConfirmDeletionRequest(string? Token);

/// <summary>
/// The signed-in user's own account (under <c>/api/v1/auth</c>, which the gateway routes to this service for signed-in
/// users): preferences, password and email changes, deletion, and the data archive. Every route that asks for the
/// password again shares a per-user limit, so it cannot be used to guess the password.
/// </summary>
public static class AccountApi
{
    public const string ReauthPolicy = "account-reauth";

    public static RouteGroupBuilder MapAccountApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1/auth").WithTags("Account").RequireAuthorization();
        api.MapGet("/preferences", GetPreferencesAsync)
            .WithSummary("The user's preferences (theme, language, default template and page size).");
        api.MapPut("/preferences", PutPreferencesAsync)
            .WithSummary("Changes preferences; absent fields stay, \"\" clears a default.");
        api.MapPost("/account/password", ChangePasswordAsync)
            .RequireUserRateLimit(ReauthPolicy)
            .ProducesProblem(StatusCodes.Status429TooManyRequests)
            .WithSummary(
                "Changes the password (the current one is required); other sessions end; the address is told."
            );
        api.MapPost("/account/email", ChangeEmailAsync)
            .RequireUserRateLimit(ReauthPolicy)
            .ProducesProblem(StatusCodes.Status429TooManyRequests)
            .WithSummary(
                "Changes the email address (the password is required); the old address is told, the new one confirmed."
            );
        api.MapPost("/account/delete", RequestDeletionAsync).RequireUserRateLimit(ReauthPolicy)
            .ProducesProblem(StatusCodes.Status429TooManyRequests)
            .WithSummary("Step 1 of deleting the account (the password is required): mails a confirmation link.");
        api.MapPost("/account/delete/confirm", ConfirmDeletionAsync)
            .WithSummary("Step 2: the mailed token deletes the account and all its data in every service.");
        api.MapGet("/account/export", ExportAsync).WithSummary("Everything kept about the user, as one ZIP archive.")
            .Produces(StatusCodes.Status200OK, contentType: "application/zip");
        return api;
    }

    public static async Task<Ok<PreferencesResponse>> GetPreferencesAsync(
        ClaimsPrincipal user,
        PreferenceStore store,
        CancellationToken ct
    ) => TypedResults.Ok(await store.GetAsync(user.UserId(), ct));

    public static async Task<Results<Ok<PreferencesResponse>, ValidationProblem>> PutPreferencesAsync(
        PreferencesRequest request, ClaimsPrincipal user, PreferenceStore store, CancellationToken ct)
    {
        var errors = PreferenceStore.Validate(request);
        if (errors.Count > 0) return TypedResults.ValidationProblem(errors);
        return TypedResults.Ok(await store.UpdateAsync(user.UserId(), request, ct));
    }

    public static async Task<Results<NoContent, ValidationProblem>> ChangePasswordAsync(
        ChangePasswordRequest request, ClaimsPrincipal user, AccountChanges changes, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrEmpty(request.CurrentPassword))
            errors["currentPassword"] = ["Your current password is required."];
        if (AccountRules.ValidatePassword(request.NewPassword) is { } weak) errors["newPassword"] = [weak];
        else if (request.NewPassword == request.CurrentPassword)
            errors["newPassword"] = ["Choose a password different from the current one."];
        if (errors.Count > 0) return TypedResults.ValidationProblem(errors);
        return await changes.ChangePasswordAsync(
            user.UserId(),
            SessionId(user),
            request.CurrentPassword!,
            request.NewPassword!,
            ct
        ) switch
        {
            ChangeOutcome.Done => TypedResults.NoContent(),
            _ => WrongPassword("currentPassword"),
        };
    }

    public static async Task<Results<Ok<UserResponse>, ValidationProblem, ProblemHttpResult>> ChangeEmailAsync(
        ChangeEmailRequest request, ClaimsPrincipal user, AccountChanges changes, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrEmpty(request.Password)) errors["password"] = ["Your password is required."];
        if (AccountRules.ValidateEmail(request.NewEmail) is { } invalid) errors["newEmail"] = [invalid];
        if (errors.Count > 0) return TypedResults.ValidationProblem(errors);
        var (outcome, changed) = await changes.ChangeEmailAsync(
            user.UserId(),
            request.Password!,
            request.NewEmail!,
            ct
        );
        return outcome switch
        {
            ChangeOutcome.Done => TypedResults.Ok(UserResponse.From(changed!)),
            ChangeOutcome.SameEmail => TypedResults.ValidationProblem(
                new Dictionary<string, string[]> { ["newEmail"] = ["This is already your address."] }
            ),
            ChangeOutcome.EmailTaken => TypedResults.Problem(
                statusCode: 409,
                title: "Email already registered",
                detail: "Another account uses this address."
            ),
            _ => WrongPassword("password"),
        };
    }

    public static async Task<Results<Accepted, ValidationProblem>> RequestDeletionAsync(
        DeleteAccountRequest request, ClaimsPrincipal user, AccountChanges changes, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(request.Password))
            return TypedResults.ValidationProblem(
                new Dictionary<string, string[]> { ["password"] = ["Your password is required."] }
            );
        return await changes.RequestDeletionAsync(user.UserId(), request.Password, ct) == ChangeOutcome.Done
            ? TypedResults.Accepted((string?)null)
            : WrongPassword("password");
    }

    public static async Task<Results<NoContent, ValidationProblem>> ConfirmDeletionAsync(
        ConfirmDeletionRequest request,
        ClaimsPrincipal user,
        AccountChanges changes,
        HttpContext http,
        CancellationToken ct
    )
    {
        if (string.IsNullOrEmpty(request.Token) || AccountRules.HasControlCharacters(request.Token))
            return TypedResults.ValidationProblem(
                new Dictionary<string, string[]> { ["token"] = ["The token from the mail is required."] }
            );
        if (await changes.ConfirmDeletionAsync(user.UserId(), request.Token, ct) != ChangeOutcome.Done)
            return TypedResults.ValidationProblem(new Dictionary<string, string[]>
            {
                ["token"] = ["The link is invalid, used, expired or for another account. Ask for a new one."],
            });
        RefreshCookie.Clear(http);
        return TypedResults.NoContent();
    }

    public static async Task<IResult> ExportAsync(
        ClaimsPrincipal user,
        UserStore users,
        DataArchive archive,
        TimeProvider clock,
        CancellationToken ct
    )
    {
        if (await users.FindByIdAsync(user.UserId(), ct) is not { } row)
            return TypedResults.Problem(
                statusCode: 401,
                title: "Unknown user",
                detail: "The token's user no longer exists."
            );
        var zip = await archive.BuildAsync(row, ct);
        return TypedResults.File(zip, "application/zip", $"resumepair-data-{clock.GetUtcNow():yyyy-MM-dd}.zip");
    }

    private static ValidationProblem WrongPassword(string field) =>
        TypedResults.ValidationProblem(new Dictionary<string, string[]> { [field] = ["The password is not correct."] },
            title: "Re-authentication failed");

    private static Guid? SessionId(ClaimsPrincipal user) =>
        Guid.TryParse(user.FindFirstValue("sid"), out var id) ? id : null;
}
