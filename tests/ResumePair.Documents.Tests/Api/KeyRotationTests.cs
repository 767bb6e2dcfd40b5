using Microsoft.Extensions.Time.Testing;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using ResumePair.Documents.Accounts;
using ResumePair.Documents.Tests.Support;
using ResumePair.Testing;
using Xunit;

namespace ResumePair.Documents.Tests.Api;

[Collection(DocumentsServiceCollection.Name)]
public sealed class KeyRotationTests(DocumentsServiceFixture service)
{
    private static string Kid(string token) => new JsonWebToken(token).Kid;

    private async Task<HashSet<string>> JwksKidsAsync()
    {
        using var client = service.CreateClient();
        var jwks = await client.GetFromJsonAsync<JsonElement>("/.well-known/jwks.json");
        return jwks.GetProperty("keys").EnumerateArray().Select(k => k.GetProperty("kid").GetString()!).ToHashSet();
    }

    [Fact]
    public async Task A_token_signed_before_a_rotation_still_validates_after_it()
    {
        var before = (await service.RegisterAsync()).GetProperty("accessToken").GetString()!;
        var keys = service.Factory.Services.GetRequiredService<SigningKeyStore>();

        // Published ahead: the successor is in the JWKS at once, but tokens are still signed with the old key.
        Assert.True(
            await keys.RotateAsync(force: true, publishAhead: TimeSpan.FromMinutes(10), CancellationToken.None)
        );
        var stillOld = (await service.RegisterAsync()).GetProperty("accessToken").GetString()!;
        Assert.Equal(Kid(before), Kid(stillOld));
        Assert.True((await JwksKidsAsync()).Count >= 2);

        // The successor takes over (publish-ahead over): new tokens name it; the old token still works.
        Assert.True(await keys.RotateAsync(force: true, publishAhead: TimeSpan.Zero, CancellationToken.None));
        var after = (await service.RegisterAsync()).GetProperty("accessToken").GetString()!;
        Assert.NotEqual(Kid(before), Kid(after));
        Assert.Contains(Kid(before), await JwksKidsAsync());
        Assert.Contains(Kid(after), await JwksKidsAsync());
        using (var old = service.CreateClient(before))
            Assert.Equal(HttpStatusCode.OK, (await old.GetAsync("/api/v1/auth/me")).StatusCode);
        using (var fresh = service.CreateClient(after))
            Assert.Equal(HttpStatusCode.OK, (await fresh.GetAsync("/api/v1/auth/me")).StatusCode);
    }

    [Fact]
    public async Task Rotation_is_due_after_the_lifetime_and_retired_keys_leave_the_JWKS_after_the_grace_period()
    {
        await using var db = await service.CreateMigratedDatabaseAsync("rotation");
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var options = Options.Create(new AccountOptions
        {
            SigningKeyLifetime = TimeSpan.FromDays(30), SigningKeyPublishAhead = TimeSpan.FromMinutes(10),
            RetiredKeyGracePeriod = TimeSpan.FromHours(1), SigningKeyCacheDuration = TimeSpan.FromMinutes(5),
        });
        using var keys = new SigningKeyStore(db, clock, options);
        var first = (await keys.GetCurrentAsync(CancellationToken.None)).KeyId;

        Assert.False(await keys.RotateIfDueAsync(CancellationToken.None));
        clock.Advance(TimeSpan.FromDays(31));
        Assert.True(await keys.RotateIfDueAsync(CancellationToken.None));
        Assert.False(await keys.RotateIfDueAsync(CancellationToken.None)); // a successor is already waiting

        Assert.Equal(first, (await keys.GetCurrentAsync(CancellationToken.None)).KeyId);
        Assert.Equal(2, (await keys.GetPublishedAsync(CancellationToken.None)).Count);

        clock.Advance(TimeSpan.FromMinutes(11)); // the cached snapshot ends when the successor starts
        var second = (await keys.GetCurrentAsync(CancellationToken.None)).KeyId;
        Assert.NotEqual(first, second);
        Assert.Equal(2, (await keys.GetPublishedAsync(CancellationToken.None)).Count);

        clock.Advance(TimeSpan.FromMinutes(61));
        Assert.Equal(second, Assert.Single(await keys.GetPublishedAsync(CancellationToken.None)).KeyId);
        await using var conn = await db.OpenConnectionAsync();
        Assert.Equal(2, await conn.ExecuteScalarAsync<int>("SELECT count(*) FROM signing_keys"));
    }
}
