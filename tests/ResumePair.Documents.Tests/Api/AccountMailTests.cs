using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using ResumePair.Documents.Tests.Support;
using Xunit;

namespace ResumePair.Documents.Tests.Api;

[Collection(DocumentsServiceCollection.Name)]
public sealed partial class AccountMailTests(DocumentsServiceFixture service)
{
    private async Task<List<JsonElement>> MailboxAsync(string to)
    {
        // Directly on the service, as a developer on this machine (no forwarding header): see DevMailboxApi.
        using var client = service.Factory.CreateClient();
        return (await client.GetFromJsonAsync<JsonElement>($"/api/v1/dev/mailbox?to={Uri.EscapeDataString(to)}"))
            .EnumerateArray()
            .ToList();
    }

    private static string TokenFrom(JsonElement mail) =>
        MailToken().Match(mail.GetProperty("body").GetString()!).Groups[1].Value;

    [GeneratedRegex(@"POST /api/v1/auth/[a-z/]+: (\S+)")]
    private static partial Regex MailToken();

    [Fact]
    public async Task Registration_queues_a_verification_mail_whose_token_verifies_the_address_once()
    {
        var email = $"verify-{Guid.NewGuid():N}@example.com";
        var tokens = await service.RegisterAsync(email);
        using var client = service.CreateClient(tokens.GetProperty("accessToken").GetString());

        var mail = Assert.Single(await MailboxAsync(email));
        Assert.Contains("Confirm", mail.GetProperty("subject").GetString());
        var token = TokenFrom(mail);

        Assert.Equal(
            HttpStatusCode.NoContent,
            (await client.PostAsJsonAsync("/api/v1/auth/email/verify", new { token })).StatusCode
        );
        Assert.True(
            (await client.GetFromJsonAsync<JsonElement>("/api/v1/auth/me")).GetProperty("emailVerified").GetBoolean()
        );
        Assert.Equal(
            HttpStatusCode.BadRequest,
            (await client.PostAsJsonAsync("/api/v1/auth/email/verify", new { token })).StatusCode
        );

        // Verified: resending does nothing.
        Assert.Equal(HttpStatusCode.Accepted, (await client.PostAsync("/api/v1/auth/email/resend", null)).StatusCode);
        Assert.Single(await MailboxAsync(email));
    }

    [Fact]
    public async Task Password_reset_by_mail_sets_the_password_and_signs_out_every_session()
    {
        var email = $"reset-{Guid.NewGuid():N}@example.com";
        var tokens = await service.RegisterAsync(email, password: "old-password-1");
        using var client = service.CreateClient();

        var unknown = $"nobody-{Guid.NewGuid():N}@example.com";
        Assert.Equal(
            HttpStatusCode.Accepted,
            (await client.PostAsJsonAsync("/api/v1/auth/password/forgot", new { email = unknown })).StatusCode
        );
        Assert.Empty(await MailboxAsync(unknown));

        Assert.Equal(
            HttpStatusCode.Accepted,
            (await client.PostAsJsonAsync("/api/v1/auth/password/forgot", new { email })).StatusCode
        );
        var token = TokenFrom(
            (await MailboxAsync(email)).Single(m => m.GetProperty("subject").GetString()!.Contains("Reset"))
        );

        Assert.Equal(
            HttpStatusCode.BadRequest,
            (
                await client.PostAsJsonAsync("/api/v1/auth/password/reset", new { token, newPassword = "short" })
            ).StatusCode
        );
        Assert.Equal(
            HttpStatusCode.NoContent,
            (
                await client.PostAsJsonAsync(
                    "/api/v1/auth/password/reset",
                    new { token, newPassword = "new-password-2" }
                )
            ).StatusCode
        );
        Assert.Equal(
            HttpStatusCode.BadRequest,
            (
                await client.PostAsJsonAsync(
                    "/api/v1/auth/password/reset",
                    new { token, newPassword = "newer-password-3" }
                )
            ).StatusCode
        );

        var refresh = await client.PostAsJsonAsync(
            "/api/v1/auth/refresh",
            new { refreshToken = tokens.GetProperty("refreshToken").GetString() }
        );
        Assert.Equal(HttpStatusCode.Unauthorized, refresh.StatusCode);
        Assert.Equal(
            HttpStatusCode.Unauthorized,
            (await client.PostAsJsonAsync("/api/v1/auth/login", new { email, password = "old-password-1" })).StatusCode
        );
        Assert.Equal(
            HttpStatusCode.OK,
            (await client.PostAsJsonAsync("/api/v1/auth/login", new { email, password = "new-password-2" })).StatusCode
        );
    }

    [Fact]
    public async Task The_sender_delivers_queued_mail_to_the_development_mailbox_folder()
    {
        var email = $"deliver-{Guid.NewGuid():N}@example.com";
        await service.RegisterAsync(email);

        var deadline = DateTime.UtcNow.AddSeconds(15);
        JsonElement mail;
        do
        {
            mail = Assert.Single(await MailboxAsync(email));
            if (mail.GetProperty("sentAt").ValueKind != JsonValueKind.Null) break;
            await Task.Delay(100);
        } while (DateTime.UtcNow < deadline);

        Assert.NotEqual(JsonValueKind.Null, mail.GetProperty("sentAt").ValueKind);
        var file = Directory.GetFiles(service.MailboxPath, $"*{mail.GetProperty("id").GetGuid():N}.txt").Single();
        Assert.Contains($"To: {email}", await File.ReadAllTextAsync(file));
    }
}
