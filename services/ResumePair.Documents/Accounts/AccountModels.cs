namespace ResumePair.Documents.Accounts;

// Request fields are nullable: absent fields are validation errors (400 with field paths), not binding failures.
public sealed record RegisterRequest(string? Email, string? Password, string? Name);

public sealed record LoginRequest(string? Email, string? Password);

public sealed record RefreshRequest(string? RefreshToken);

public sealed record ForgotPasswordRequest(string? Email);

public sealed record ResetPasswordRequest(string? Token, string? NewPassword);

public sealed record VerifyEmailRequest(string? Token);

public sealed record UserResponse(
    Guid Id,
    string Email,
    string Name,
    bool EmailVerified,
    string Role,
    string Plan,
    DateTime CreatedAt
)
{
    public static UserResponse From(UserRow user) =>
        new(user.Id, user.Email, user.Name, user.EmailVerified, user.Role, user.Plan, user.CreatedAt);
}

/// <summary>GET /me: the user (with their plan), the storage their documents take, and (when the ai-proxy answers)
/// today's AI quota.</summary>
public sealed record MeResponse(
    Guid Id,
    string Email,
    string Name,
    bool EmailVerified,
    string Role,
    string Plan,
    DateTime CreatedAt,
    long StorageUsedBytes,
    AiUsage? AiQuota
);

/// <summary>RefreshToken is left out when the client takes it as a cookie (<see cref="RefreshCookie"/>).</summary>
public sealed record TokenResponse(
    UserResponse User,
    string AccessToken,
    [property: System.Text.Json.Serialization.JsonIgnore(
        Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull
    )]
        string? RefreshToken,
    int ExpiresIn,
    string TokenType = "Bearer"
);
