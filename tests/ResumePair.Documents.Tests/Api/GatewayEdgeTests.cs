using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using ResumePair.Documents.Tests.Support;
using Xunit;

namespace ResumePair.Documents.Tests.Api;

/// <summary>
/// What the gateway does with awkward but legal requests before the service sees them, with a real documents
/// replica behind it over HTTP: UTF-8 header values are forwarded (they were a 502), and a body over the limit is a
/// 413 problem whether its length is declared or it is chunked (it was a 502: browsers never send Expect).
/// </summary>
[Collection(DocumentsServiceCollection.Name)]
public sealed class GatewayEdgeTests(DocumentsServiceFixture service) : ThroughGateway(service)
{
    [Fact]
    public async Task A_non_ascii_user_agent_reaches_the_service_intact()
    {
        using var client = Gateway.CreateClient();
        client.DefaultRequestHeaders.TryAddWithoutValidation("User-Agent", "résumé-app/1.0 (Zürich)");

        var register = await client.PostAsJsonAsync("/api/v1/auth/register",
            new { email = $"ua-{Guid.NewGuid():N}@example.com", password = "correct-horse-battery-1", name = "Ua" });
        Assert.Equal(HttpStatusCode.Created, register.StatusCode);
        var token = (await register.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accessToken").GetString();
        using var signedIn = Gateway.CreateClient(token);
        signedIn.DefaultRequestHeaders.TryAddWithoutValidation("User-Agent", "résumé-app/1.0 (Zürich)");

        var sessions = await signedIn.GetAsync("/api/v1/auth/sessions");
        Assert.Equal(HttpStatusCode.OK, sessions.StatusCode);
        var session = Assert.Single((await sessions.Content.ReadFromJsonAsync<JsonElement>()).EnumerateArray());
        Assert.Equal("résumé-app/1.0 (Zürich)", session.GetProperty("userAgent").GetString());
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_body_over_the_limit_is_a_413_problem_not_a_502(bool declaredLength)
    {
        using var client = Gateway.CreateClient((await Service.RegisterAsync()).GetProperty("accessToken").GetString());
        var big = "{\"type\":\"resume\",\"title\":\"" + new string('x', 3 * 1024 * 1024) + "\",\"data\":{}}";
        HttpContent content = declaredLength
            ? new StringContent(big, Encoding.UTF8, "application/json")
            : new ChunkedContent(Encoding.UTF8.GetBytes(big));

        var response = await client.PostAsync("/api/v1/documents", content);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    /// <summary>A body without Content-Length (Transfer-Encoding: chunked), as a streaming client sends it.</summary>
    private sealed class ChunkedContent(byte[] bytes) : HttpContent
    {
        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
        {
            for (var i = 0; i < bytes.Length; i += 64 * 1024)
                await stream.WriteAsync(bytes.AsMemory(i, Math.Min(64 * 1024, bytes.Length - i)));
        }

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }
    }
}
