using System.Net;
using Dapper;
using ResumePair.Documents.Tests.Support;
using Xunit;

namespace ResumePair.Documents.Tests.Api;

/// <summary>Idempotency-Key on <c>POST /auth/email/resend</c>: a retried click with its key queues no second
/// mail.</summary>
[Collection(DocumentsServiceCollection.Name)]
public sealed class ResendIdempotencyTests(DocumentsServiceFixture service)
{
    [Fact]
    public async Task A_retried_resend_with_its_key_replays_and_queues_one_mail()
    {
        var email = $"idem-{Guid.NewGuid():N}@example.com";
        using var client = service.CreateClient(
            (await service.RegisterAsync(email)).GetProperty("accessToken").GetString()
        );

        var answers = new List<HttpResponseMessage>();
        for (var i = 0; i < 2; i++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/auth/email/resend");
            request.Headers.Add("Idempotency-Key", "resend-once");
            answers.Add(await client.SendAsync(request));
        }

        Assert.All(answers, a => Assert.Equal(HttpStatusCode.Accepted, a.StatusCode));
        Assert.Equal("true", answers[1].Headers.GetValues("Idempotent-Replayed").Single());
        await using var conn = await service.Database.OpenConnectionAsync();
        // The registration's mail and one resend.
        Assert.Equal(
            2,
            await conn.ExecuteScalarAsync<int>(
                "SELECT count(*) FROM mail_outbox WHERE to_address = @email",
                new { email }
            )
        );
    }
}
