using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Mvc.Testing;
using ResumePair.Documents.Tests.Support;
using Xunit;

namespace ResumePair.Documents.Tests.Api;

/// <summary>
/// The browser's refresh token lives in an HttpOnly, Secure, SameSite=Strict cookie scoped to the refresh route, never
/// in the JSON the page's script can read; token answers are never cached.
/// </summary>
[Collection(DocumentsServiceCollection.Name)]
public sealed class RefreshCookieTests(DocumentsServiceFixture service)
{
    private HttpClient Client()
    {
        // Cookies by hand: the test sees exactly what a browser would be told to store and send.
        var client = service.Factory.CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = false });
        client.DefaultRequestHeaders.Add(
            "X-Forwarded-For",
            $"10.9.{Random.Shared.Next(256)}.{Random.Shared.Next(1, 255)}"
        );
        client.DefaultRequestHeaders.Add("X-Refresh-Token-Transport", "cookie");
        return client;
    }

    private static string CookieFrom(HttpResponseMessage response)
    {
        var header = Assert.Single(response.Headers.GetValues("Set-Cookie"), h =>
            h.StartsWith("rp_refresh=", StringComparison.Ordinal)
        );
        var attributes = header
            .Split(';', StringSplitOptions.TrimEntries)
            .Skip(1)
            .Select(a => a.ToLowerInvariant())
            .ToList();
        Assert.Contains("httponly", attributes);
        Assert.Contains("secure", attributes);
        Assert.Contains("samesite=strict", attributes);
        Assert.Contains("path=/api/v1/auth/refresh", attributes);
        return header.Split(';')[0];
    }

    /// <returns>The access token.</returns>
    private static async Task<string> AssertTokenAnswerAsync(HttpResponseMessage response)
    {
        Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.False(body.TryGetProperty("refreshToken", out _), "the page's script must never see the refresh token");
        var access = body.GetProperty("accessToken").GetString();
        Assert.False(string.IsNullOrEmpty(access));
        return access!;
    }

    [Fact]
    public async Task Sign_in_sets_the_cookie_refresh_rotates_it_a_reused_one_is_refused_and_cleared()
    {
        using var client = Client();
        var email = $"cookie-{Guid.NewGuid():N}@example.com";
        var register = await client.PostAsJsonAsync(
            "/api/v1/auth/register",
            new
            {
                email,
                password = "correct-horse-battery-1",
                name = "C",
            }
        );
        Assert.Equal(HttpStatusCode.Created, register.StatusCode);
        await AssertTokenAnswerAsync(register);
        var first = CookieFrom(register);

        using var refresh = new HttpRequestMessage(HttpMethod.Post, "/api/v1/auth/refresh")
        {
            Content = JsonContent.Create(new { }),
        };
        refresh.Headers.Add("Cookie", first);
        var refreshed = await client.SendAsync(refresh);
        Assert.Equal(HttpStatusCode.OK, refreshed.StatusCode);
        await AssertTokenAnswerAsync(refreshed);
        var second = CookieFrom(refreshed);
        Assert.NotEqual(first, second);

        using var reuse = new HttpRequestMessage(HttpMethod.Post, "/api/v1/auth/refresh")
        {
            Content = JsonContent.Create(new { }),
        };
        reuse.Headers.Add("Cookie", first);
        var refused = await client.SendAsync(reuse);
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Equal("rp_refresh=", CookieFrom(refused));
    }

    [Fact]
    public async Task Login_answers_are_not_cached_and_logout_clears_the_cookie()
    {
        var email = $"cookie-{Guid.NewGuid():N}@example.com";
        await service.RegisterAsync(email, password: "correct-horse-battery-1");
        using var client = Client();
        var login = await client.PostAsJsonAsync(
            "/api/v1/auth/login",
            new { email, password = "correct-horse-battery-1" }
        );
        Assert.Equal(HttpStatusCode.OK, login.StatusCode);
        var token = await AssertTokenAnswerAsync(login);
        CookieFrom(login);

        using var logout = new HttpRequestMessage(HttpMethod.Post, "/api/v1/auth/logout");
        logout.Headers.Authorization = new("Bearer", token);
        var loggedOut = await client.SendAsync(logout);
        Assert.Equal(HttpStatusCode.NoContent, loggedOut.StatusCode);
        Assert.Equal("rp_refresh=", CookieFrom(loggedOut));
    }
}
