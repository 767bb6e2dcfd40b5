using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ResumePair.AiProxy.Tests.Support;
using ResumePair.Testing;
using static ResumePair.Testing.Vendors.FakeOpenAiServer;

namespace ResumePair.AiProxy.Tests;

/// <summary>
/// Idempotency-Key on the AI routes (the contract promises it on any POST): a retried call gets the first answer
/// again and spends neither a vendor call nor the daily quota; the same key with another body is 422.
/// </summary>
[Collection("infrastructure")]
public sealed class AiIdempotencyTests(InfrastructureFixture infra)
{
    [Fact]
    public async Task A_retried_call_with_its_key_is_answered_from_the_first_and_spends_once()
    {
        await using var h = await AiHarness.StartAsync(infra, openAi: true);
        h.OpenAi!.Enqueue(Reply("- Led the payments platform rebuild"), Reply("- Something else entirely"));
        using var client = h.Client(await h.UserAsync());

        async Task<HttpResponseMessage> Send(string prompt)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/ai/generate")
            {
                Content = JsonContent.Create(new { prompt, section = "highlights" }),
            };
            request.Headers.Add("Idempotency-Key", "retry-1");
            return await client.SendAsync(request);
        }

        var first = await Send("payments platform rebuild");
        var again = await Send("payments platform rebuild");
        var other = await Send("a different prompt");

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal(await first.Content.ReadAsStringAsync(), await again.Content.ReadAsStringAsync());
        Assert.Equal("true", again.Headers.GetValues("Idempotent-Replayed").Single());
        Assert.Equal(HttpStatusCode.UnprocessableEntity, other.StatusCode);
        Assert.Equal(1, h.OpenAi.Requests);
        var usage = await client.GetFromJsonAsync<JsonElement>("/api/v1/ai/usage");
        Assert.Equal(1, usage.GetProperty("usedToday").GetInt32());
    }
}
