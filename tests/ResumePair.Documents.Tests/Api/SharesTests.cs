using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.Testing;
using ResumePair.Documents.Sharing;
using ResumePair.Documents.Tests.Support;
using Xunit;

namespace ResumePair.Documents.Tests.Api;

/// <summary>
/// Public links: the owner's routes (/api/v1/documents/{id}/share) and the visitor's gate at /r/{slug} (limit, slug,
/// password). The page and PDF behind the gate come from the renderer and the export engine, which this service test
/// does not run: the browser test (ShareLinkTests) opens them on the real topology.
/// </summary>
[Collection(DocumentsServiceCollection.Name)]
public sealed class SharesTests(DocumentsServiceFixture service)
{
    private static HttpClient Visitor(WebApplicationFactory<Program> factory, string address)
    {
        var client = factory.CreateClient(
            new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true }
        );
        client.DefaultRequestHeaders.Add("X-Forwarded-For", address);
        client.DefaultRequestHeaders.UserAgent.ParseAdd("Mozilla/5.0 (X11; Linux x86_64) Chrome/140.0 Safari/537.36");
        client.DefaultRequestHeaders.Accept.ParseAdd("text/html");
        return client;
    }

    private static string RandomAddress() =>
        $"10.{Random.Shared.Next(256)}.{Random.Shared.Next(256)}.{Random.Shared.Next(1, 255)}";

    private static async Task<Guid> CreateResumeAsync(HttpClient owner)
    {
        var created = await owner.PostAsJsonAsync(
            "/api/v1/documents",
            new
            {
                type = "resume",
                title = "Jane's CV",
                data = new { profile = new { name = "Jane Doe", email = "jane@example.com" } },
            }
        );
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        return (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
    }

    private static async Task<JsonElement> PublishAsync(
        HttpClient owner,
        Guid id,
        object body,
        HttpStatusCode expected = HttpStatusCode.Created
    )
    {
        var response = await owner.PutAsJsonAsync($"/api/v1/documents/{id}/share", body);
        Assert.Equal(expected, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    [Fact]
    public async Task Only_the_owner_publishes_reads_rotates_unpublishes_and_sees_statistics()
    {
        using var owner = await service.SignedInClientAsync();
        using var stranger = await service.SignedInClientAsync();
        var id = await CreateResumeAsync(owner);
        var path = $"/api/v1/documents/{id}/share";

        Assert.Equal(HttpStatusCode.NotFound, (await owner.GetAsync(path)).StatusCode); // off by default
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.PutAsJsonAsync(path, new { })).StatusCode);
        // the stranger published nothing
        Assert.Equal(HttpStatusCode.NotFound, (await owner.GetAsync(path)).StatusCode);

        var share = await PublishAsync(owner, id, new { indexable = false });
        var slug = share.GetProperty("slug").GetString()!;
        Assert.Matches("^[A-Za-z0-9_-]{12}$", slug);
        Assert.Equal("/r/" + slug, share.GetProperty("url").GetString());
        Assert.False(share.GetProperty("hasPassword").GetBoolean());

        // Changing settings keeps the address.
        var updated = await PublishAsync(owner, id, new { indexable = true }, HttpStatusCode.OK);
        Assert.Equal(slug, updated.GetProperty("slug").GetString());
        Assert.True(updated.GetProperty("indexable").GetBoolean());

        foreach (
            var request in new Func<Task<HttpResponseMessage>>[]
            {
                () => stranger.GetAsync(path),
                () => stranger.PutAsJsonAsync(path, new { indexable = false }),
                () => stranger.PostAsync(path + "/rotate", null),
                () => stranger.DeleteAsync(path),
                () => stranger.GetAsync(path + "/stats"),
            }
        )
            Assert.Equal(HttpStatusCode.NotFound, (await request()).StatusCode);
        // untouched
        Assert.Equal(slug, (await owner.GetFromJsonAsync<JsonElement>(path)).GetProperty("slug").GetString());

        var stats = await owner.GetFromJsonAsync<JsonElement>(path + "/stats");
        Assert.Equal(0, stats.GetProperty("views").GetInt32());
        Assert.Equal(0, stats.GetProperty("downloads").GetInt32());
        Assert.Equal(slug, stats.GetProperty("share").GetProperty("slug").GetString());
        Assert.Equal(HttpStatusCode.BadRequest, (await owner.GetAsync(path + "/stats?days=0")).StatusCode);

        Assert.Equal(HttpStatusCode.NoContent, (await owner.DeleteAsync(path)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await owner.GetAsync(path)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await owner.PostAsync(path + "/rotate", null)).StatusCode);
    }

    [Fact]
    public async Task A_protected_link_refuses_without_its_password_and_opens_with_it()
    {
        using var owner = await service.SignedInClientAsync();
        var id = await CreateResumeAsync(owner);
        Assert.Equal(
            HttpStatusCode.BadRequest,
            (await owner.PutAsJsonAsync($"/api/v1/documents/{id}/share", new { password = "ab" })).StatusCode
        );
        var share = await PublishAsync(owner, id, new { password = "open sesame" });
        Assert.True(share.GetProperty("hasPassword").GetBoolean());
        var slug = share.GetProperty("slug").GetString()!;
        using var visitor = Visitor(service.Factory, RandomAddress());

        var page = await visitor.GetAsync($"/r/{slug}");
        Assert.Equal(HttpStatusCode.Unauthorized, page.StatusCode);
        var form = await page.Content.ReadAsStringAsync();
        Assert.Contains("type=\"password\"", form);
        Assert.DoesNotContain("Jane", form); // nothing of the resume before the password
        Assert.Equal(HttpStatusCode.Unauthorized, (await visitor.GetAsync($"/r/{slug}/pdf")).StatusCode);

        var wrong = await visitor.PostAsync($"/r/{slug}", new FormUrlEncodedContent([new("password", "open says me")]));
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        Assert.False(wrong.Headers.Contains("Set-Cookie"));

        var right = await visitor.PostAsync($"/r/{slug}", new FormUrlEncodedContent([new("password", "open sesame")]));
        Assert.Equal(HttpStatusCode.SeeOther, right.StatusCode);
        Assert.Equal($"/r/{slug}", right.Headers.Location?.OriginalString);
        var cookie = Assert.Single(right.Headers.GetValues("Set-Cookie"));
        Assert.StartsWith(ShareUnlocks.CookieName(slug) + "=", cookie);
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);

        // Past the gate: the page now needs the renderer, which this test does not run (503, not 401).
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await visitor.GetAsync($"/r/{slug}")).StatusCode);

        // A new password locks the unlocked browser out again; removing it opens the link to everyone.
        await PublishAsync(owner, id, new { password = "new secret" }, HttpStatusCode.OK);
        Assert.Equal(HttpStatusCode.Unauthorized, (await visitor.GetAsync($"/r/{slug}")).StatusCode);
        var open = await PublishAsync(owner, id, new { password = "" }, HttpStatusCode.OK);
        Assert.False(open.GetProperty("hasPassword").GetBoolean());
        using var stranger = Visitor(service.Factory, RandomAddress());
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await stranger.GetAsync($"/r/{slug}")).StatusCode);
    }

    [Fact]
    public async Task Old_links_are_404_after_rotating_or_unpublishing_and_trashing_the_resume_hides_it()
    {
        using var owner = await service.SignedInClientAsync();
        var id = await CreateResumeAsync(owner);
        // Protected, so that a live link answers 401 here without the renderer.
        var first = (await PublishAsync(owner, id, new { password = "rotate me" })).GetProperty("slug").GetString()!;
        using var visitor = Visitor(service.Factory, RandomAddress());
        Assert.Equal(HttpStatusCode.Unauthorized, (await visitor.GetAsync($"/r/{first}")).StatusCode);

        var rotated = await owner.PostAsync($"/api/v1/documents/{id}/share/rotate", null);
        Assert.Equal(HttpStatusCode.OK, rotated.StatusCode);
        var second = (await rotated.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("slug").GetString()!;
        Assert.NotEqual(first, second);
        var gone = await visitor.GetAsync($"/r/{first}");
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
        Assert.Equal("text/html", gone.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.NotFound, (await visitor.GetAsync($"/r/{first}/pdf")).StatusCode);
        Assert.Equal(
            HttpStatusCode.NotFound,
            (
                await visitor.PostAsync($"/r/{first}", new FormUrlEncodedContent([new("password", "rotate me")]))
            ).StatusCode
        );
        Assert.Equal(HttpStatusCode.Unauthorized, (await visitor.GetAsync($"/r/{second}")).StatusCode);

        // A resume in the trash is not shown, and comes back with its link when restored.
        Assert.Equal(HttpStatusCode.NoContent, (await owner.DeleteAsync($"/api/v1/documents/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await visitor.GetAsync($"/r/{second}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await owner.PostAsync($"/api/v1/documents/{id}/restore", null)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await visitor.GetAsync($"/r/{second}")).StatusCode);

        Assert.Equal(HttpStatusCode.NoContent, (await owner.DeleteAsync($"/api/v1/documents/{id}/share")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await visitor.GetAsync($"/r/{second}")).StatusCode);

        // Problem details for clients that do not ask for HTML; garbage slugs never reach the database.
        using var api = service.CreateClient();
        var problem = await api.GetAsync($"/r/{second}");
        Assert.Equal(HttpStatusCode.NotFound, problem.StatusCode);
        Assert.Equal("application/problem+json", problem.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.NotFound, (await visitor.GetAsync("/r/..%2F..%2Fapi")).StatusCode);
    }

    [Fact]
    public async Task Visitors_are_limited_per_address()
    {
        await using var replica = service.CreateReplica(web =>
        {
            web.UseSetting("RateLimits:Policies:share-view:PermitLimit", "3");
            web.UseSetting("RateLimits:Policies:share-view:Window", "00:10:00");
        });
        var address = RandomAddress();
        using var visitor = Visitor(replica, address);
        for (var i = 0; i < 3; i++)
            Assert.Equal(HttpStatusCode.NotFound, (await visitor.GetAsync("/r/AAAAAAAAAAAA")).StatusCode);
        var limited = await visitor.GetAsync("/r/AAAAAAAAAAAA");
        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.True(limited.Headers.Contains("Retry-After"));

        using var other = Visitor(replica, RandomAddress());
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync("/r/AAAAAAAAAAAA")).StatusCode);
    }

    [Theory]
    [InlineData(
        "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/140.0 Safari/537.36",
        false
    )]
    [InlineData(
        "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 Mobile/15E148 Safari/604.1",
        false
    )]
    [InlineData("Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)", true)]
    [InlineData("facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)", true)]
    [InlineData("Slackbot-LinkExpanding 1.0 (+https://api.slack.com/robots)", true)]
    [InlineData("curl/8.5.0", true)]
    [InlineData("", true)]
    public void Bots_are_recognised_by_user_agent(string agent, bool bot)
    {
        var http = new DefaultHttpContext();
        if (agent.Length > 0) http.Request.Headers.UserAgent = agent;
        Assert.Equal(bot, Visitors.IsBot(http.Request));
    }
}
