using System.Security.Claims;

namespace ResumePair.ServiceDefaults.Auth;

public static class ClaimsPrincipalExtensions
{
    /// <summary>The authenticated user's id (the token's <c>sub</c>).</summary>
    public static Guid UserId(this ClaimsPrincipal user) =>
        Guid.TryParse(user.FindFirstValue("sub"), out var id)
            ? id
            : throw new InvalidOperationException("The principal has no user id.");

    public static bool IsAdmin(this ClaimsPrincipal user) => user.HasClaim("role", "admin");
}
