using System.Net;
using System.Net.Http.Json;
using Dapper;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using ResumePair.Documents.Accounts;
using ResumePair.Documents.Http;
using ResumePair.Documents.Tests.Support;
using Xunit;

namespace ResumePair.Documents.Tests.Api;

[Collection(DocumentsServiceCollection.Name)]
public sealed class LoginThrottleTests(DocumentsServiceFixture service)
{
    private static string NewAddress() => $"198.51.100.{Random.Shared.Next(1, 254)}";

    private async Task<HttpResponseMessage> LoginAsync(string email, string password, string address)
    {
        using var client = service.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/auth/login")
        {
            Content = JsonContent.Create(new { email, password }),
        };
        request.Headers.Add("X-Forwarded-For", address);
        return await client.SendAsync(request);
    }

    [Fact]
    public async Task Known_and_unknown_emails_lock_alike_so_the_answer_does_not_tell_who_is_registered()
    {
        var known = $"known-{Guid.NewGuid():N}@example.com";
        var unknown = $"nobody-{Guid.NewGuid():N}@example.com";
        await service.RegisterAsync(known, password: "right-password-1");

        foreach (var email in new[] { known, unknown })
        {
            for (var i = 0; i < 5; i++)
                Assert.Equal(
                    HttpStatusCode.Unauthorized,
                    (await LoginAsync(email, "wrong-password-1", $"203.0.113.{i + 10}")).StatusCode
                );
            var locked = await LoginAsync(email, "right-password-1", "203.0.113.99");
            Assert.Equal((HttpStatusCode)429, locked.StatusCode);
            Assert.InRange(locked.Headers.RetryAfter!.Delta!.Value, TimeSpan.FromMinutes(14), TimeSpan.FromMinutes(15));
            Assert.Equal("application/problem+json", locked.Content.Headers.ContentType?.MediaType);
        }
    }

    [Fact]
    public async Task A_second_lockout_lasts_twice_as_long()
    {
        var email = $"again-{Guid.NewGuid():N}@example.com";
        for (var i = 0; i < 5; i++) await LoginAsync(email, "wrong-password-1", NewAddress());
        Assert.Equal((HttpStatusCode)429, (await LoginAsync(email, "wrong-password-1", NewAddress())).StatusCode);

        // The first lockout runs out...
        await using (var conn = await service.Database.OpenConnectionAsync())
            await conn.ExecuteAsync(
                "UPDATE login_throttle SET locked_until = now() - interval '1 second' WHERE scope = 'account' "
                    + "AND key = @email",
                new { email }
            );
        // ...and five more failures lock it again, for 30 minutes this time.
        for (var i = 0; i < 5; i++)
            Assert.Equal(
                HttpStatusCode.Unauthorized,
                (await LoginAsync(email, "wrong-password-1", NewAddress())).StatusCode
            );
        var locked = await LoginAsync(email, "wrong-password-1", NewAddress());
        Assert.Equal((HttpStatusCode)429, locked.StatusCode);
        Assert.InRange(locked.Headers.RetryAfter!.Delta!.Value, TimeSpan.FromMinutes(29), TimeSpan.FromMinutes(30));
    }

    [Fact]
    public async Task One_address_guessing_many_accounts_is_locked_while_other_addresses_are_not()
    {
        var email = $"victim-{Guid.NewGuid():N}@example.com";
        await service.RegisterAsync(email, password: "right-password-1");
        var attacker = "192.0.2.77";
        await using (var conn = await service.Database.OpenConnectionAsync())
            await conn.ExecuteAsync(
                "DELETE FROM login_throttle WHERE scope = 'address' AND key = @attacker",
                new { attacker }
            );

        // Each account only sees one failure, but the address adds them up.
        for (var i = 0; i < DocumentsServiceFixture.MaxFailedLoginsPerAddress; i++)
            Assert.Equal(
                HttpStatusCode.Unauthorized,
                (await LoginAsync($"guess-{i}-{Guid.NewGuid():N}@example.com", "wrong-password-1", attacker)).StatusCode
            );

        Assert.Equal((HttpStatusCode)429, (await LoginAsync(email, "right-password-1", attacker)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await LoginAsync(email, "right-password-1", NewAddress())).StatusCode);
    }

    [Theory]
    [InlineData("127.0.0.1", "203.0.113.5", "203.0.113.5")] // the gateway on loopback: believed
    [InlineData("127.0.0.1", "6.6.6.6, 203.0.113.5", "203.0.113.5")] // a forged entry prepended by the client: ignored
    [InlineData("10.0.0.2", "203.0.113.5", "203.0.113.5")] // a configured proxy: believed
    [InlineData("203.0.113.9", "6.6.6.6", "203.0.113.9")] // anyone else: the header is not believed
    [InlineData("127.0.0.1", "not-an-address", "127.0.0.1")]
    [InlineData("127.0.0.1", "", "127.0.0.1")]
    public void Forwarded_addresses_are_believed_only_from_trusted_proxies(
        string peer,
        string forwarded,
        string expected
    )
    {
        var resolver = new ClientAddress(Options.Create(new AccountOptions { KnownProxies = ["10.0.0.2"] }));
        var http = new DefaultHttpContext();
        http.Connection.RemoteIpAddress = System.Net.IPAddress.Parse(peer);
        if (forwarded.Length > 0) http.Request.Headers["X-Forwarded-For"] = forwarded;
        Assert.Equal(expected, resolver.Of(http));
    }
}
