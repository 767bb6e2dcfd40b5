using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Dapper;
using ResumePair.Documents.Tests.Support;
using Xunit;

namespace ResumePair.Documents.Tests.Api;

/// <summary>
/// The development mailbox holds every user's reset and verification tokens. Through the real gateway nobody
/// reaches it (that was an account takeover: read a victim's reset token, set the password, sign in); on the
/// service it answers an admin or a direct loopback call, never a proxied one.
/// </summary>
[Collection(DocumentsServiceCollection.Name)]
public sealed class DevMailboxExposureTests(DocumentsServiceFixture service) : ThroughGateway(service)
{
    [Fact]
    public async Task The_gateway_does_not_route_the_mailbox_so_a_reset_token_cannot_be_read_and_used()
    {
        var victim = $"victim-{Guid.NewGuid():N}@example.com";
        await Service.RegisterAsync(victim);
        using var attacker = Gateway.CreateClient();
        Assert.Equal(HttpStatusCode.Accepted,
            (await attacker.PostAsJsonAsync("/api/v1/auth/password/forgot", new { email = victim })).StatusCode);
        var signedIn = Gateway.CreateClient((await Service.RegisterAsync()).GetProperty("accessToken").GetString());

        foreach (var client in new[] { attacker, signedIn })
        foreach (
            var path in new[] { $"/api/v1/dev/mailbox?to={victim}", "/api/v1/dev/mailbox", "/api/v1/dev/anything" }
        )
        {
                var response = await client.GetAsync(path);
                var body = await response.Content.ReadAsStringAsync();
                Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
                Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
                Assert.DoesNotContain(victim, body, StringComparison.OrdinalIgnoreCase);
                Assert.DoesNotContain("token", body, StringComparison.OrdinalIgnoreCase);
            }
    }

    [Fact]
    public async Task On_the_service_a_proxied_or_ordinary_caller_gets_404_an_admin_or_a_local_developer_the_mail()
    {
        var email = $"mailbox-{Guid.NewGuid():N}@example.com";
        await Service.RegisterAsync(email);
        var url = $"/api/v1/dev/mailbox?to={Uri.EscapeDataString(email)}";

        using var proxied = Service.CreateClient(); // carries X-Forwarded-For, as anything behind a proxy does
        Assert.Equal(HttpStatusCode.NotFound, (await proxied.GetAsync(url)).StatusCode);
        var user = await Service.RegisterAsync();
        using var ordinary = Service.CreateClient(user.GetProperty("accessToken").GetString());
        Assert.Equal(HttpStatusCode.NotFound, (await ordinary.GetAsync(url)).StatusCode);

        using var admin = Service.CreateClient(await AdminTokenAsync());
        Assert.Single((await admin.GetFromJsonAsync<JsonElement>(url)).EnumerateArray());
        using var local = Service.Factory.CreateClient();
        Assert.Single((await local.GetFromJsonAsync<JsonElement>(url)).EnumerateArray());
    }

    [Theory]
    [InlineData("%00")]
    [InlineData("a%00b%40example.com")]
    [InlineData("x%1B%40example.com")]
    public async Task A_control_character_in_the_address_is_a_400_problem(string to)
    {
        using var local = Service.Factory.CreateClient();
        var response = await local.GetAsync($"/api/v1/dev/mailbox?to={to}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.True(
            (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("to", out _)
        );
    }

    /// <summary>A fresh user made admin in the database; the refreshed access token carries the role.</summary>
    private async Task<string> AdminTokenAsync()
    {
        var tokens = await Service.RegisterAsync();
        var id = Guid.Parse(tokens.GetProperty("user").GetProperty("id").GetString()!);
        await using (var conn = await Service.Database.OpenConnectionAsync())
            await conn.ExecuteAsync("UPDATE users SET role = 'admin' WHERE id = @id", new { id });
        using var client = Service.CreateClient();
        var refreshed = await client.PostAsJsonAsync("/api/v1/auth/refresh",
            new { refreshToken = tokens.GetProperty("refreshToken").GetString() });
        return (await refreshed.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accessToken").GetString()!;
    }
}
