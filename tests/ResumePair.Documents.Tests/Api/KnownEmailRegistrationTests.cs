using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.IdentityModel.JsonWebTokens;
using ResumePair.Documents.Tests.Support;
using Xunit;

namespace ResumePair.Documents.Tests.Api;

/// <summary>
/// Registering an address that already has an account tells the caller nothing (it was a 409): the same status,
/// headers and body shape as a new registration, in about the same time; nothing is created, the owner is mailed, and
/// the tokens in the answer open nothing, through the gateway or at the service.
/// </summary>
[Collection(DocumentsServiceCollection.Name)]
public sealed class KnownEmailRegistrationTests(DocumentsServiceFixture service) : ThroughGateway(service)
{
    private const string Password = "correct-horse-battery-1";

    [Fact]
    public async Task A_known_email_answers_like_a_new_one_and_the_owner_is_mailed_instead()
    {
        var email = $"Known-{Guid.NewGuid():N}@Example.com";
        using var client = Gateway.CreateClient();
        using var fresh = await RegisterAsync(client, email, Password, "First Owner");
        using var again = await RegisterAsync(client, email.ToUpperInvariant(), "another-password-2", "Someone Else");

        Assert.Equal(HttpStatusCode.Created, fresh.StatusCode);
        Assert.Equal(HttpStatusCode.Created, again.StatusCode);
        Assert.Equal(fresh.Headers.Location, again.Headers.Location);
        Assert.Equal(fresh.Content.Headers.ContentType, again.Content.Headers.ContentType);
        Assert.Equal(HeaderNames(fresh), HeaderNames(again));
        Assert.Contains("no-store", again.Headers.CacheControl?.ToString());
        Assert.StartsWith("rp_refresh=", again.Headers.GetValues("Set-Cookie").Single());
        var first = await fresh.Content.ReadFromJsonAsync<JsonElement>();
        var second = await again.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(Shape(first), Shape(second));
        Assert.Equal(email.ToLowerInvariant(), second.GetProperty("user").GetProperty("email").GetString());
        Assert.False(second.GetProperty("user").GetProperty("emailVerified").GetBoolean());
        Assert.NotEqual(
            first.GetProperty("user").GetProperty("id").GetString(),
            second.GetProperty("user").GetProperty("id").GetString()
        );
        var (real, decoy) = (new JsonWebToken(Token(first)), new JsonWebToken(Token(second)));
        Assert.Equal((real.Alg, real.Kid, real.Issuer), (decoy.Alg, decoy.Kid, decoy.Issuer));
        Assert.Equal(real.Claims.Select(c => c.Type).Order(), decoy.Claims.Select(c => c.Type).Order());

        // The decoy opens nothing: not through the gateway, not at the service, not as a refresh token.
        using var viaGateway = Gateway.CreateClient(Token(second));
        Assert.Equal(HttpStatusCode.Unauthorized, (await viaGateway.GetAsync("/api/v1/auth/me")).StatusCode);
        using var atService = Service.CreateClient(Token(second));
        Assert.Equal(HttpStatusCode.Unauthorized, (await atService.GetAsync("/api/v1/documents")).StatusCode);
        var refresh = await Service.CreateClient().PostAsJsonAsync("/api/v1/auth/refresh",
            new { refreshToken = second.GetProperty("refreshToken").GetString() });
        Assert.Equal(HttpStatusCode.Unauthorized, refresh.StatusCode);

        // The account is the owner's as before: the first password signs in, the second does not.
        Assert.Equal(HttpStatusCode.OK, (await Service.CreateClient().PostAsJsonAsync("/api/v1/auth/login",
            new { email, password = Password })).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await Service.CreateClient().PostAsJsonAsync("/api/v1/auth/login",
            new { email, password = "another-password-2" })).StatusCode);
        using var owner = Service.CreateClient(Token(first));
        Assert.Equal(
            "First Owner",
            (await owner.GetFromJsonAsync<JsonElement>("/api/v1/auth/me")).GetProperty("name").GetString()
        );

        // The owner hears of it, with the way back in and no token of any kind.
        var mails = await MailboxAsync(email.ToLowerInvariant());
        Assert.Equal(2, mails.Count);
        var notice = Assert.Single(mails, m =>
            m.GetProperty("subject").GetString() == "You already have a ResumePair account"
        );
        var body = notice.GetProperty("body").GetString()!;
        Assert.Contains("/signin", body);
        Assert.Contains("/forgot-password", body);
        Assert.DoesNotContain("token", body, StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>
    /// Password hashing dominates both paths. Interleaved pairs (new address, then a known one) so the machine's load
    /// falls on both alike; the medians must agree within a factor 1.5 (a 409 answered in a few ms, ~20× faster).
    /// </summary>
    [Fact]
    public async Task A_known_email_takes_as_long_as_a_new_one()
    {
        using var client = Gateway.CreateClient();
        const int pairs = 9;
        var known = new List<string>();
        for (var i = 0; i < pairs + 1; i++)
        {
            var email = $"timing-{Guid.NewGuid():N}@example.com";
            using var created = await RegisterAsync(client, email, Password, "Timing");
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
            known.Add(email);
        }

        var (newTimes, knownTimes) = (new List<double>(), new List<double>());
        for (var i = 0; i < pairs + 1; i++)
        {
            var a = await TimedAsync(client, $"timing-{Guid.NewGuid():N}@example.com");
            var b = await TimedAsync(client, known[i]);
            if (i == 0) continue; // warm-up pair
            newTimes.Add(a);
            knownTimes.Add(b);
        }

        var ratio = Median(knownTimes) / Median(newTimes);
        Assert.InRange(ratio, 1 / 1.5, 1.5);
    }

    private static async Task<double> TimedAsync(HttpClient client, string email)
    {
        var clock = Stopwatch.StartNew();
        using var response = await RegisterAsync(client, email, "another-password-2", "Timing");
        await response.Content.ReadAsByteArrayAsync();
        var elapsed = clock.Elapsed.TotalMilliseconds;
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return elapsed;
    }

    private static double Median(List<double> values) => values.Order().ElementAt(values.Count / 2);

    private static Task<HttpResponseMessage> RegisterAsync(
        HttpClient client,
        string email,
        string password,
        string name
    ) =>
        client.PostAsJsonAsync(
            "/api/v1/auth/register",
            new
            {
                email,
                password,
                name,
            }
        );

    private static string Token(JsonElement body) => body.GetProperty("accessToken").GetString()!;

    /// <summary>Names of the answer's headers, less those that differ per request anyway.</summary>
    private static string[] HeaderNames(HttpResponseMessage response) =>
        response.Headers.Concat(response.Content.Headers).Select(h => h.Key.ToLowerInvariant())
            .Except(["date", "server-timing", "traceparent", "x-request-id"]).Order().ToArray();

    /// <summary>Property paths and value kinds: the body's shape without its values.</summary>
    private static string Shape(JsonElement element, string path = "$") => element.ValueKind switch
    {
        JsonValueKind.Object => string.Join(";", element.EnumerateObject().OrderBy(p => p.Name, StringComparer.Ordinal)
            .Select(p => Shape(p.Value, $"{path}.{p.Name}"))),
        _ => $"{path}:{element.ValueKind}",
    };

    private async Task<List<JsonElement>> MailboxAsync(string to)
    {
        // Directly on the service, as a developer on this machine (no forwarding header): see DevMailboxApi.
        using var client = Service.Factory.CreateClient();
        return (await client.GetFromJsonAsync<JsonElement>($"/api/v1/dev/mailbox?to={Uri.EscapeDataString(to)}"))
            .EnumerateArray().ToList();
    }
}
