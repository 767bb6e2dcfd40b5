extern alias gateway;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Dapper;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using ResumePair.Documents.Tests.Support;
using ResumePair.Testing.Services;
using ResumePair.Web.Internal;
using Xunit;
using SessionRevocationFeed = gateway::ResumePair.Gateway.Sessions.SessionRevocationFeed;

namespace ResumePair.Documents.Tests.Api;

/// <summary>
/// The feed of ended sessions (documents' <c>GET /internal/v1/sessions/revoked</c>) and the gateway replicas that read
/// it instead of looking up each session: every way a session ends reaches it, a slow transaction is not skipped, and
/// a token is refused through every replica within the feed's bound, also after a start or while the feed is down.
/// </summary>
[Collection(DocumentsServiceCollection.Name)]
public sealed partial class SessionRevocationFeedTests(DocumentsServiceFixture service)
{
    private const string Password = "correct-horse-1";

    /// <summary>The feed's bound (FeedStaleAfter, 3 s) plus slack for a loaded two-core machine.</summary>
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(6);

    [Fact]
    public async Task Every_way_a_session_ends_is_in_the_feed_and_live_sessions_are_not()
    {
        using var feed = FeedClient();
        var cursor = (await ReadFeedAsync(feed, null)).Next;

        var signedOut = await RegisterAsync();
        using (var client = service.CreateClient(signedOut.Token))
            Assert.Equal(HttpStatusCode.NoContent, (await client.PostAsync("/api/v1/auth/logout", null)).StatusCode);
        var revoked = await RegisterAsync();
        using (var otherDevice = service.CreateClient(await SignInAsync(revoked.Email)))
            Assert.Equal(
                HttpStatusCode.NoContent,
                (await otherDevice.DeleteAsync($"/api/v1/auth/sessions/{revoked.Session}")).StatusCode
            );
        var deleted = await RegisterAsync();
        await DeleteAccountAsync(deleted);
        var live = await RegisterAsync();

        var read = await ReadFeedAsync(feed, cursor);

        Assert.Contains(signedOut.Session, read.Sessions);
        Assert.Contains(revoked.Session, read.Sessions);
        Assert.Contains(deleted.Session, read.Sessions);
        Assert.DoesNotContain(live.Session, read.Sessions);
        // A reader that starts gets the whole window (an access token's lifetime), not only what comes after it.
        Assert.Contains(signedOut.Session, (await ReadFeedAsync(feed, null)).Sessions);
    }

    [Fact]
    public async Task A_revocation_that_commits_after_a_later_one_was_read_is_in_the_next_read()
    {
        using var feed = FeedClient();
        var slowUser = await RegisterAsync();
        var quickUser = await RegisterAsync();
        var cursor = (await ReadFeedAsync(feed, null)).Next;

        await using var conn = await service.Database.OpenConnectionAsync();
        await using var slow = await conn.BeginTransactionAsync();
        await conn.ExecuteAsync(
            "UPDATE sessions SET revoked_at = now() WHERE id = @Session",
            new { slowUser.Session },
            slow
        );
        using (var client = service.CreateClient(quickUser.Token))
            Assert.Equal(HttpStatusCode.NoContent, (await client.PostAsync("/api/v1/auth/logout", null)).StatusCode);
        var first = await ReadFeedAsync(feed, cursor);
        await slow.CommitAsync();
        var second = await ReadFeedAsync(feed, first.Next);

        Assert.Contains(quickUser.Session, first.Sessions);
        Assert.DoesNotContain(slowUser.Session, first.Sessions);
        Assert.Contains(slowUser.Session, second.Sessions);
    }

    [Fact]
    public async Task A_session_ended_through_another_gateway_replica_is_refused_there_within_the_bound()
    {
        await using var one = GatewayHost.Start(service);
        await using var other = GatewayHost.Start(service);
        var user = await RegisterAsync();
        using var viaOther = other.CreateClient(user.Token);
        Assert.Equal(HttpStatusCode.OK, (await viaOther.GetAsync("/api/v1/documents")).StatusCode);

        using var viaOne = one.CreateClient(user.Token);
        Assert.Equal(HttpStatusCode.NoContent, (await viaOne.PostAsync("/api/v1/auth/logout", null)).StatusCode);

        Assert.InRange(await TimeUntilRefusedAsync(viaOther), TimeSpan.Zero, Bound);
        Assert.True(await EventuallyAsync(() => Feed(other).IsCurrent));
    }

    [Fact]
    public async Task A_deleted_accounts_tokens_are_refused_within_the_bound()
    {
        await using var gateway = GatewayHost.Start(service);
        var user = await RegisterAsync();
        using var client = gateway.CreateClient(user.Token);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v1/documents")).StatusCode);

        await DeleteAccountAsync(user);

        Assert.InRange(await TimeUntilRefusedAsync(client), TimeSpan.Zero, Bound);
        Assert.True(Feed(gateway).IsRevoked(user.Session));
    }

    [Fact]
    public async Task A_gateway_that_starts_after_a_sign_out_refuses_that_token_from_its_first_request()
    {
        var user = await RegisterAsync();
        using (var direct = service.CreateClient(user.Token))
            Assert.Equal(HttpStatusCode.NoContent, (await direct.PostAsync("/api/v1/auth/logout", null)).StatusCode);

        await using var gateway = GatewayHost.Start(service);
        using var client = gateway.CreateClient(user.Token);

        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/v1/documents")).StatusCode);
        // From the feed's first read, made before the gateway took requests.
        Assert.True(Feed(gateway).IsRevoked(user.Session));
    }

    [Fact]
    public async Task While_the_feed_cannot_be_read_sessions_are_looked_up_one_by_one_and_it_catches_up_after()
    {
        var outage = new Outage();
        await using var gateway = GatewayHost.Start(service, web => web.ConfigureTestServices(services =>
            services.AddHttpClient(SessionRevocationFeed.HttpClientName).AddHttpMessageHandler(outage.Handler)));
        var first = await RegisterAsync();
        var second = await RegisterAsync();
        using var client = gateway.CreateClient(first.Token);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v1/documents")).StatusCode);
        Assert.True(await EventuallyAsync(() => Feed(gateway).IsCurrent));

        outage.Down = true;
        using (var direct = service.CreateClient(first.Token))
            Assert.Equal(HttpStatusCode.NoContent, (await direct.PostAsync("/api/v1/auth/logout", null)).StatusCode);

        // Refused through a lookup of its own once the feed is stale: the feed never heard of it.
        Assert.InRange(await TimeUntilRefusedAsync(client), TimeSpan.Zero, Bound);
        Assert.False(Feed(gateway).IsCurrent);

        using (var direct = service.CreateClient(second.Token))
            Assert.Equal(HttpStatusCode.NoContent, (await direct.PostAsync("/api/v1/auth/logout", null)).StatusCode);
        outage.Down = false;

        // The sign-out made while the feed was down is in the first read after it (the cursor kept its place).
        Assert.True(await EventuallyAsync(() => Feed(gateway).IsRevoked(second.Session)));
        Assert.True(await EventuallyAsync(() => Feed(gateway).IsCurrent));
        using var secondClient = gateway.CreateClient(second.Token);
        Assert.Equal(HttpStatusCode.Unauthorized, (await secondClient.GetAsync("/api/v1/documents")).StatusCode);
    }

    private sealed record User(string Email, string Token, Guid Session);

    private sealed record FeedRead(string Next, Guid[] Sessions);

    /// <summary>The network between the gateway and the feed, cut while <see cref="Down"/>.</summary>
    private sealed class Outage
    {
        public volatile bool Down;

        public DelegatingHandler Handler() => new Link(this);

        private sealed class Link(Outage outage) : DelegatingHandler
        {
            protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken ct) =>
                outage.Down
                    ? throw new HttpRequestException("connection refused (test outage)")
                    : base.SendAsync(request, ct);
        }
    }

    private static SessionRevocationFeed Feed(GatewayHost gateway) =>
        gateway.GatewayServices.GetRequiredService<SessionRevocationFeed>();

    private async Task<User> RegisterAsync()
    {
        var email = $"feed-{Guid.NewGuid():N}@example.com";
        var token = (await service.RegisterAsync(email, Password)).GetProperty("accessToken").GetString()!;
        return new User(email, token, Guid.Parse(new JsonWebToken(token).GetClaim("sid").Value));
    }

    private async Task<string> SignInAsync(string email)
    {
        using var client = service.CreateClient();
        var response = await client.PostAsJsonAsync("/api/v1/auth/login", new { email, password = Password });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accessToken").GetString()!;
    }

    /// <summary>The account page's deletion: password, then the mailed link.</summary>
    private async Task DeleteAccountAsync(User user)
    {
        using var client = service.CreateClient(user.Token);
        Assert.Equal(HttpStatusCode.Accepted,
            (await client.PostAsJsonAsync("/api/v1/auth/account/delete", new { password = Password })).StatusCode);
        using var mailbox = service.Factory.CreateClient();
        var mail = (
            await mailbox.GetFromJsonAsync<JsonElement>($"/api/v1/dev/mailbox?to={Uri.EscapeDataString(user.Email)}")
        )
            .EnumerateArray()
            .Single(m =>
                m.GetProperty("subject").GetString()!.StartsWith("Confirm the deletion", StringComparison.Ordinal)
            );
        var token = Uri.UnescapeDataString(LinkToken().Match(mail.GetProperty("body").GetString()!).Groups[1].Value);
        Assert.Equal(HttpStatusCode.NoContent,
            (await client.PostAsJsonAsync("/api/v1/auth/account/delete/confirm", new { token })).StatusCode);
    }

    /// <summary>A client of the service's internal routes, signed as the gateway signs them.</summary>
    private HttpClient FeedClient() =>
        new(
            new InternalSigningHandler(
                Options.Create(new InternalAuthOptions { Key = RealDocumentsService.TestInternalKey }),
                TimeProvider.System
            )
            {
                InnerHandler = service.Factory.Server.CreateHandler(),
            }
        )
        {
            BaseAddress = new Uri("http://localhost"),
        };

    private static async Task<FeedRead> ReadFeedAsync(HttpClient feed, string? after)
    {
        var response = await feed.GetAsync("/internal/v1/sessions/revoked" + (after is null ? "" : $"?after={after}"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<FeedRead>())!;
    }

    /// <summary>Whether <paramref name="condition"/> held within <see cref="Bound"/>.</summary>
    private static async Task<bool> EventuallyAsync(Func<bool> condition)
    {
        var started = Stopwatch.StartNew();
        while (!condition())
        {
            if (started.Elapsed > Bound) return false;
            await Task.Delay(50);
        }
        return true;
    }

    /// <summary>How long after the call a signed-in request through the gateway is first answered 401.</summary>
    private static async Task<TimeSpan> TimeUntilRefusedAsync(HttpClient client)
    {
        var started = Stopwatch.StartNew();
        while (started.Elapsed < TimeSpan.FromSeconds(30))
        {
            using var response = await client.GetAsync("/api/v1/documents");
            if (response.StatusCode == HttpStatusCode.Unauthorized) return started.Elapsed;
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            await Task.Delay(100);
        }
        throw new Xunit.Sdk.XunitException("The token was still accepted 30 s after its session ended.");
    }

    [GeneratedRegex(@"\?token=(\S+)")]
    private static partial Regex LinkToken();
}
