using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using Aspire.Hosting.Testing;
using ResumePair.EndToEndTests.Topology;
using Xunit;

namespace ResumePair.EndToEndTests;

/// <summary>An access token stops working when its session ends, not up to 15 minutes later (checked at the
/// gateway).</summary>
[Collection(TopologyCollection.Name)]
public sealed class SessionEndTests(TopologyFixture fixture)
{
    [Fact]
    public async Task After_sign_out_the_access_token_is_refused_on_every_service()
    {
        using var client = fixture.CreateClient();
        await client.RegisterAsync();
        using var before = await client.SendAsync(HttpMethod.Get, "/api/v1/documents");

        using var logout = await client.SendAsync(HttpMethod.Post, "/api/v1/auth/logout");
        using var documents = await client.SendAsync(HttpMethod.Get, "/api/v1/documents");
        using var ai = await client.SendAsync(HttpMethod.Get, "/api/v1/ai/usage");

        Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, logout.StatusCode);
        foreach (var refused in new[] { documents, ai })
        {
            Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
            Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
            Assert.Contains("invalid_token", refused.Headers.WwwAuthenticate.ToString());
        }
    }

    [Fact]
    public async Task A_session_ended_elsewhere_is_refused_at_the_gateway_within_the_feeds_bound()
    {
        using var client = fixture.CreateClient();
        await client.RegisterAsync();
        using var before = await client.SendAsync(HttpMethod.Get, "/api/v1/ai/usage");
        // Signed out straight at the documents service: the gateway did not see it and learns it from the feed of
        // ended sessions it reads every second (SessionCheck:FeedStaleAfter, 3 s, bounds it).
        using var documentsService = new HttpClient
        {
            BaseAddress = fixture.Topology.App.GetEndpoint("documents", "http"),
        };
        using var direct = new HttpRequestMessage(HttpMethod.Post, "/api/v1/auth/logout");
        direct.Headers.Authorization = new AuthenticationHeaderValue("Bearer", client.AccessToken);
        using var logout = await documentsService.SendAsync(direct);
        var loggedOut = Stopwatch.StartNew();

        HttpResponseMessage refused;
        while (true)
        {
            refused = await client.SendAsync(HttpMethod.Get, "/api/v1/ai/usage");
            if (refused.StatusCode != HttpStatusCode.OK || loggedOut.Elapsed > TimeSpan.FromSeconds(30)) break;
            refused.Dispose();
            await Task.Delay(100);
        }

        using (refused)
        {
            Assert.Equal(HttpStatusCode.OK, before.StatusCode);
            Assert.Equal(HttpStatusCode.NoContent, logout.StatusCode);
            Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
            Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
            // The bound plus slack for a loaded machine.
            Assert.InRange(loggedOut.Elapsed, TimeSpan.Zero, TimeSpan.FromSeconds(6));
        }
    }
}
