using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Dapper;
using ResumePair.Documents.Tests.Support;
using Xunit;

namespace ResumePair.Documents.Tests.Api;

/// <summary>The account page's API: preferences, password and email changes, the data archive and deletion.</summary>
[Collection(DocumentsServiceCollection.Name)]
public sealed partial class AccountSelfServiceTests(DocumentsServiceFixture service)
{
    private const string Password = "correct-horse-1";

    [Fact]
    public async Task Preferences_start_at_the_defaults_change_field_by_field_and_refuse_unknown_values()
    {
        using var client = await service.SignedInClientAsync();
        var defaults = await client.GetFromJsonAsync<JsonElement>("/api/v1/auth/preferences");
        Assert.Equal(
            ("system", "en"),
            (defaults.GetProperty("theme").GetString(), defaults.GetProperty("language").GetString())
        );

        var set = await client.PutAsJsonAsync(
            "/api/v1/auth/preferences",
            new
            {
                theme = "dark",
                defaultTemplate = "compact",
                defaultPageSize = "Letter",
            }
        );
        Assert.Equal(HttpStatusCode.OK, set.StatusCode);
        await client.PutAsJsonAsync("/api/v1/auth/preferences", new { language = "de" });
        var now = await client.GetFromJsonAsync<JsonElement>("/api/v1/auth/preferences");
        Assert.Equal(
            ("dark", "de", "compact", "Letter"),
            (
                now.GetProperty("theme").GetString(),
                now.GetProperty("language").GetString(),
                now.GetProperty("defaultTemplate").GetString(),
                now.GetProperty("defaultPageSize").GetString()
            )
        );

        var cleared = await (
            await client.PutAsJsonAsync("/api/v1/auth/preferences", new { defaultTemplate = "" })
        ).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(JsonValueKind.Null, cleared.GetProperty("defaultTemplate").ValueKind);
        Assert.Equal("Letter", cleared.GetProperty("defaultPageSize").GetString());

        var bad = await client.PutAsJsonAsync(
            "/api/v1/auth/preferences",
            new
            {
                theme = "neon",
                language = "xx",
                defaultTemplate = "nope",
                defaultPageSize = "A5",
            }
        );
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        var errors = (await bad.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.Equal(
            ["theme", "language", "defaultTemplate", "defaultPageSize"],
            errors.EnumerateObject().Select(p => p.Name)
        );

        // Another user's preferences are their own.
        using var other = await service.SignedInClientAsync();
        Assert.Equal(
            "system",
            (await other.GetFromJsonAsync<JsonElement>("/api/v1/auth/preferences")).GetProperty("theme").GetString()
        );
    }

    [Fact]
    public async Task Changing_the_password_needs_the_current_one_signs_out_other_devices_and_tells_the_owner()
    {
        var email = $"pw-{Guid.NewGuid():N}@example.com";
        var laptop = await service.RegisterAsync(email, Password);
        using var phoneLogin = service.CreateClient();
        var phone = await (
            await phoneLogin.PostAsJsonAsync("/api/v1/auth/login", new { email, password = Password })
        ).Content.ReadFromJsonAsync<JsonElement>();
        using var client = service.CreateClient(laptop.GetProperty("accessToken").GetString());

        var wrong = await client.PostAsJsonAsync(
            "/api/v1/auth/account/password",
            new { currentPassword = "not-it-at-all-1", newPassword = "another-Horse-battery-7" }
        );
        Assert.Equal(HttpStatusCode.BadRequest, wrong.StatusCode);
        Assert.True(
            (await wrong.Content.ReadFromJsonAsync<JsonElement>())
                .GetProperty("errors")
                .TryGetProperty("currentPassword", out _)
        );
        var weak = await client.PostAsJsonAsync(
            "/api/v1/auth/account/password",
            new { currentPassword = Password, newPassword = "short" }
        );
        Assert.True(
            (await weak.Content.ReadFromJsonAsync<JsonElement>())
                .GetProperty("errors")
                .TryGetProperty("newPassword", out _)
        );

        Assert.Equal(
            HttpStatusCode.NoContent,
            (
                await client.PostAsJsonAsync(
                    "/api/v1/auth/account/password",
                    new { currentPassword = Password, newPassword = "another-Horse-battery-7" }
                )
            ).StatusCode
        );

        using var anon = service.CreateClient();
        Assert.Equal(
            HttpStatusCode.Unauthorized,
            (await anon.PostAsJsonAsync("/api/v1/auth/login", new { email, password = Password })).StatusCode
        );
        Assert.Equal(
            HttpStatusCode.OK,
            (
                await anon.PostAsJsonAsync("/api/v1/auth/login", new { email, password = "another-Horse-battery-7" })
            ).StatusCode
        );
        // This device keeps its session; the phone's is over.
        Assert.Equal(
            HttpStatusCode.OK,
            (
                await anon.PostAsJsonAsync(
                    "/api/v1/auth/refresh",
                    new { refreshToken = laptop.GetProperty("refreshToken").GetString() }
                )
            ).StatusCode
        );
        Assert.Equal(
            HttpStatusCode.Unauthorized,
            (
                await anon.PostAsJsonAsync(
                    "/api/v1/auth/refresh",
                    new { refreshToken = phone.GetProperty("refreshToken").GetString() }
                )
            ).StatusCode
        );
        Assert.Contains(await MailboxAsync(email), m =>
            m.GetProperty("subject").GetString() == "Your ResumePair password was changed"
        );
    }

    [Fact]
    public async Task Changing_the_email_needs_the_password_tells_the_old_address_and_asks_the_new_one_to_confirm()
    {
        var old = $"old-{Guid.NewGuid():N}@example.com";
        var tokens = await service.RegisterAsync(old, Password);
        using var client = service.CreateClient(tokens.GetProperty("accessToken").GetString());
        var taken = $"taken-{Guid.NewGuid():N}@example.com";
        await service.RegisterAsync(taken);
        var fresh = $"New-{Guid.NewGuid():N}@Example.com";

        Assert.Equal(
            HttpStatusCode.BadRequest,
            (
                await client.PostAsJsonAsync(
                    "/api/v1/auth/account/email",
                    new { password = "wrong-password-9", newEmail = fresh }
                )
            ).StatusCode
        );
        Assert.Equal(
            HttpStatusCode.BadRequest,
            (
                await client.PostAsJsonAsync(
                    "/api/v1/auth/account/email",
                    new { password = Password, newEmail = "not an address" }
                )
            ).StatusCode
        );
        Assert.Equal(
            HttpStatusCode.Conflict,
            (
                await client.PostAsJsonAsync(
                    "/api/v1/auth/account/email",
                    new { password = Password, newEmail = taken }
                )
            ).StatusCode
        );

        var changed = await client.PostAsJsonAsync(
            "/api/v1/auth/account/email",
            new { password = Password, newEmail = fresh }
        );
        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        var user = await changed.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(
            (fresh.ToLowerInvariant(), false),
            (user.GetProperty("email").GetString(), user.GetProperty("emailVerified").GetBoolean())
        );
        var toOld = (await MailboxAsync(old)).Single(m =>
            m.GetProperty("subject").GetString() == "Your ResumePair email address was changed"
        );
        Assert.Contains(fresh.ToLowerInvariant(), toOld.GetProperty("body").GetString(), StringComparison.Ordinal);
        Assert.Contains(await MailboxAsync(fresh.ToLowerInvariant()), m =>
            m.GetProperty("subject").GetString() == "Confirm your email address"
        );

        using var anon = service.CreateClient();
        Assert.Equal(
            HttpStatusCode.OK,
            (await anon.PostAsJsonAsync("/api/v1/auth/login", new { email = fresh, password = Password })).StatusCode
        );
        Assert.Equal(
            HttpStatusCode.Unauthorized,
            (await anon.PostAsJsonAsync("/api/v1/auth/login", new { email = old, password = Password })).StatusCode
        );
    }

    // The data archive (GET /api/v1/auth/account/export) includes the user's exported files, which the export
    // orchestrator keeps: its test runs both real services (ExportOrchestrator.Tests/Exports/DataArchiveTests).

    [Fact]
    public async Task Deleting_the_account_takes_the_password_then_the_mailed_link_and_removes_everything()
    {
        var email = $"bye-{Guid.NewGuid():N}@example.com";
        var tokens = await service.RegisterAsync(email, Password);
        var userId = Guid.Parse(tokens.GetProperty("user").GetProperty("id").GetString()!);
        using var client = service.CreateClient(tokens.GetProperty("accessToken").GetString());
        var doc = await (
            await client.PostAsJsonAsync(
                "/api/v1/documents",
                new
                {
                    type = "resume",
                    title = "Gone",
                    data = new { profile = new { name = "Bye" } },
                }
            )
        ).Content.ReadFromJsonAsync<JsonElement>();
        using var other = await service.SignedInClientAsync();

        Assert.Equal(
            HttpStatusCode.BadRequest,
            (
                await client.PostAsJsonAsync("/api/v1/auth/account/delete", new { password = "wrong-password-9" })
            ).StatusCode
        );
        Assert.Equal(
            HttpStatusCode.Accepted,
            (await client.PostAsJsonAsync("/api/v1/auth/account/delete", new { password = Password })).StatusCode
        );
        var mail = (await MailboxAsync(email)).Single(m =>
            m.GetProperty("subject").GetString()!.StartsWith("Confirm the deletion", StringComparison.Ordinal)
        );
        var token = Uri.UnescapeDataString(LinkToken().Match(mail.GetProperty("body").GetString()!).Groups[1].Value);

        // Someone else's session cannot use the link; a made-up token is refused.
        Assert.Equal(
            HttpStatusCode.BadRequest,
            (await other.PostAsJsonAsync("/api/v1/auth/account/delete/confirm", new { token })).StatusCode
        );
        Assert.Equal(
            HttpStatusCode.BadRequest,
            (await client.PostAsJsonAsync("/api/v1/auth/account/delete/confirm", new { token = "made-up" })).StatusCode
        );
        Assert.Equal(
            HttpStatusCode.NoContent,
            (await client.PostAsJsonAsync("/api/v1/auth/account/delete/confirm", new { token })).StatusCode
        );

        await using var conn = await service.Database.OpenConnectionAsync();
        Assert.Equal(
            0,
            await conn.ExecuteScalarAsync<int>("SELECT count(*) FROM users WHERE id = @userId", new { userId })
        );
        Assert.Equal(
            0,
            await conn.ExecuteScalarAsync<int>("SELECT count(*) FROM documents WHERE user_id = @userId", new { userId })
        );
        Assert.Equal(
            0,
            await conn.ExecuteScalarAsync<int>("SELECT count(*) FROM sessions WHERE user_id = @userId", new { userId })
        );
        Assert.Equal(
            1,
            await conn.ExecuteScalarAsync<int>(
                "SELECT count(*) FROM outbox_messages WHERE body->>'userId' = @id "
                    + "AND message_type LIKE '%AccountDeleted%'",
                new { id = userId.ToString() }
            )
        );
        Assert.Contains(await MailboxAsync(email), m =>
            m.GetProperty("subject").GetString() == "Your ResumePair account was deleted"
        );
        Assert.Equal(
            HttpStatusCode.NotFound,
            (await other.GetAsync($"/api/v1/documents/{doc.GetProperty("id").GetString()}")).StatusCode
        );
        using var anon = service.CreateClient();
        Assert.Equal(
            HttpStatusCode.Unauthorized,
            (await anon.PostAsJsonAsync("/api/v1/auth/login", new { email, password = Password })).StatusCode
        );
    }

    private async Task<List<JsonElement>> MailboxAsync(string to)
    {
        using var client = service.Factory.CreateClient();
        return (await client.GetFromJsonAsync<JsonElement>($"/api/v1/dev/mailbox?to={Uri.EscapeDataString(to)}"))
            .EnumerateArray()
            .ToList();
    }

    [GeneratedRegex(@"\?token=(\S+)")]
    private static partial Regex LinkToken();
}
