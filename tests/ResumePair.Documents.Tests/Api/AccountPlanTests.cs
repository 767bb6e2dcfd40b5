using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.IdentityModel.JsonWebTokens;
using Npgsql;
using ResumePair.Documents.Tests.Support;
using Xunit;

namespace ResumePair.Documents.Tests.Api;

/// <summary>The account's plan (migration 0009): the <c>plan</c> claim other services key their per-plan limits
/// on.</summary>
[Collection(DocumentsServiceCollection.Name)]
public sealed class AccountPlanTests(DocumentsServiceFixture service)
{
    [Fact]
    public async Task A_new_account_is_on_the_free_plan_in_its_token_its_user_and_me()
    {
        var body = await service.RegisterAsync();
        var accessToken = body.GetProperty("accessToken").GetString()!;

        Assert.Equal("free", new JsonWebToken(accessToken).GetClaim("plan").Value);
        Assert.Equal("free", body.GetProperty("user").GetProperty("plan").GetString());
        using var client = service.CreateClient(accessToken);
        Assert.Equal(
            "free",
            (await client.GetFromJsonAsync<JsonElement>("/api/v1/auth/me")).GetProperty("plan").GetString()
        );
    }

    [Fact]
    public async Task A_plan_change_reaches_the_next_refreshed_token_and_sign_in()
    {
        var body = await service.RegisterAsync();
        var userId = body.GetProperty("user").GetProperty("id").GetGuid();
        await SetPlanAsync(userId, "pro");

        // The token in hand is a snapshot (free) until it is refreshed; the refresh issues from the account as it is
        // now.
        Assert.Equal("free", new JsonWebToken(body.GetProperty("accessToken").GetString()).GetClaim("plan").Value);
        using var anonymous = service.CreateClient();
        var refreshed = await anonymous.PostAsJsonAsync(
            "/api/v1/auth/refresh",
            new { refreshToken = body.GetProperty("refreshToken").GetString() }
        );
        Assert.Equal(HttpStatusCode.OK, refreshed.StatusCode);
        var tokens = await refreshed.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("pro", new JsonWebToken(tokens.GetProperty("accessToken").GetString()).GetClaim("plan").Value);
        Assert.Equal("pro", tokens.GetProperty("user").GetProperty("plan").GetString());
        using var client = service.CreateClient(tokens.GetProperty("accessToken").GetString());
        Assert.Equal(
            "pro",
            (await client.GetFromJsonAsync<JsonElement>("/api/v1/auth/me")).GetProperty("plan").GetString()
        );

        // The next rotation and a fresh sign-in carry the current plan too.
        await SetPlanAsync(userId, "team");
        var again = await anonymous.PostAsJsonAsync(
            "/api/v1/auth/refresh",
            new { refreshToken = tokens.GetProperty("refreshToken").GetString() }
        );
        Assert.Equal(
            "team",
            new JsonWebToken(
                (await again.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accessToken").GetString()
            )
                .GetClaim("plan")
                .Value
        );
        var login = await anonymous.PostAsJsonAsync(
            "/api/v1/auth/login",
            new { email = body.GetProperty("user").GetProperty("email").GetString(), password = "correct-horse-1" }
        );
        Assert.Equal(
            "team",
            new JsonWebToken(
                (await login.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accessToken").GetString()
            )
                .GetClaim("plan")
                .Value
        );
    }

    [Fact]
    public async Task A_plan_must_be_a_short_lowercase_name()
    {
        var userId = (await service.RegisterAsync()).GetProperty("user").GetProperty("id").GetGuid();

        var error = await Assert.ThrowsAsync<PostgresException>(() => SetPlanAsync(userId, "Pro Plan"));

        Assert.Equal(PostgresErrorCodes.CheckViolation, error.SqlState);
    }

    // No route changes a plan yet (billing will own it): the test sets it where the service keeps it.
    private async Task SetPlanAsync(Guid userId, string plan)
    {
        await using var update = service.Database.CreateCommand("UPDATE users SET plan = $1 WHERE id = $2");
        update.Parameters.Add(new NpgsqlParameter { Value = plan });
        update.Parameters.Add(new NpgsqlParameter { Value = userId });
        Assert.Equal(1, await update.ExecuteNonQueryAsync());
    }
}
