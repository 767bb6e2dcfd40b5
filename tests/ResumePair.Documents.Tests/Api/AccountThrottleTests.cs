using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Dapper;
using Microsoft.AspNetCore.Hosting;
using ResumePair.Documents.Tests.Support;
using Xunit;

namespace ResumePair.Documents.Tests.Api;

/// <summary>
/// Registration, password-reset and resend-verification are limited per client address and per target email in
/// PostgreSQL: over the limit a 429 problem with Retry-After; RateLimit headers on every answer of these routes.
/// </summary>
[Collection(DocumentsServiceCollection.Name)]
public sealed class AccountThrottleTests(DocumentsServiceFixture service)
{
    private static string NewAddress() =>
        $"10.{Random.Shared.Next(100, 256)}.{Random.Shared.Next(256)}.{Random.Shared.Next(1, 255)}";

    private static HttpClient From(
        Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactory<Program> replica,
        string address,
        string? token = null
    )
    {
        var client = replica.CreateClient();
        client.DefaultRequestHeaders.Add("X-Forwarded-For", address);
        if (token is not null) client.DefaultRequestHeaders.Authorization = new("Bearer", token);
        return client;
    }

    private static void AssertLimited(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.True(response.Headers.RetryAfter?.Delta > TimeSpan.Zero);
        Assert.Equal("0", response.Headers.GetValues("RateLimit-Remaining").Single());
        Assert.True(int.Parse(response.Headers.GetValues("RateLimit-Reset").Single()) > 0);
    }

    [Fact]
    public async Task A_burst_of_registrations_from_one_address_stops_at_the_limit()
    {
        // The product's default (the fixture raises it for the other tests, which all come from few addresses).
        await using var replica = service.CreateReplica(w =>
            w.UseSetting("RateLimits:Policies:auth-register-address:PermitLimit", "10")
        );
        using var client = From(replica, NewAddress());

        var answers = new List<HttpResponseMessage>();
        for (var i = 0; i < 11; i++)
            answers.Add(
                await client.PostAsJsonAsync(
                    "/api/v1/auth/register",
                    new
                    {
                        email = $"burst-{Guid.NewGuid():N}@example.com",
                        password = "correct-horse-battery-1",
                        name = "B",
                    }
                )
            );

        Assert.All(answers.Take(10), a => Assert.Equal(HttpStatusCode.Created, a.StatusCode));
        // The headers name the tightest limit: the email's (3 an hour) at first, the address's (10) at its end.
        Assert.Equal(
            ("3", "2"),
            (
                answers[0].Headers.GetValues("RateLimit-Limit").Single(),
                answers[0].Headers.GetValues("RateLimit-Remaining").Single()
            )
        );
        Assert.Equal(
            ("10", "0"),
            (
                answers[9].Headers.GetValues("RateLimit-Limit").Single(),
                answers[9].Headers.GetValues("RateLimit-Remaining").Single()
            )
        );
        AssertLimited(answers[10]);
        using var elsewhere = From(replica, NewAddress());
        Assert.Equal(
            HttpStatusCode.Created,
            (
                await elsewhere.PostAsJsonAsync(
                    "/api/v1/auth/register",
                    new
                    {
                        email = $"burst-{Guid.NewGuid():N}@example.com",
                        password = "correct-horse-battery-1",
                        name = "B",
                    }
                )
            ).StatusCode
        );
    }

    [Fact]
    public async Task Reset_mails_to_one_address_stop_at_three_an_hour_whoever_asks()
    {
        var email = $"target-{Guid.NewGuid():N}@example.com";
        await service.RegisterAsync(email);
        var answers = new List<HttpResponseMessage>();
        for (var i = 0; i < 5; i++)
        {
            using var client = From(service.Factory, NewAddress()); // a new address each time: the email is the limit
            answers.Add(await client.PostAsJsonAsync("/api/v1/auth/password/forgot", new { email }));
        }

        Assert.All(answers.Take(3), a => Assert.Equal(HttpStatusCode.Accepted, a.StatusCode));
        AssertLimited(answers[3]);
        AssertLimited(answers[4]);
        await using var conn = await service.Database.OpenConnectionAsync();
        Assert.Equal(3, await conn.ExecuteScalarAsync<int>(
            "SELECT count(*) FROM mail_outbox WHERE to_address = @email AND subject LIKE '%Reset%'", new { email }));
    }

    [Fact]
    public async Task Resending_the_verification_mail_stops_at_three_an_hour()
    {
        var email = $"resend-{Guid.NewGuid():N}@example.com";
        var token = (await service.RegisterAsync(email)).GetProperty("accessToken").GetString();
        using var client = From(service.Factory, NewAddress(), token);

        var answers = new List<HttpResponseMessage>();
        for (var i = 0; i < 5; i++) answers.Add(await client.PostAsync("/api/v1/auth/email/resend", null));

        Assert.All(answers.Take(3), a => Assert.Equal(HttpStatusCode.Accepted, a.StatusCode));
        Assert.Equal("2", answers[0].Headers.GetValues("RateLimit-Remaining").Single());
        AssertLimited(answers[3]);
        await using var conn = await service.Database.OpenConnectionAsync();
        Assert.True(
            await conn.ExecuteScalarAsync<int>(
                "SELECT count(*) FROM mail_outbox WHERE to_address = @email",
                new { email }
            ) <= 4
        );
    }

    [Fact]
    public async Task The_login_lockout_answers_429_with_retry_after_and_ratelimit_headers()
    {
        var email = $"lock-{Guid.NewGuid():N}@example.com";
        await service.RegisterAsync(email);
        using var client = From(service.Factory, NewAddress());
        HttpResponseMessage last = null!;
        for (var i = 0; i < 6; i++)
            last = await client.PostAsJsonAsync("/api/v1/auth/login", new { email, password = "not-the-password-1" });

        AssertLimited(last);
    }
}
