using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using ResumePair.Documents.Tests.Support;
using Xunit;

namespace ResumePair.Documents.Tests.Api;

/// <summary>
/// RFC 9110 conditionals on documents: If-Match compares strongly (a weak tag never matches), DELETE honours
/// If-Match (412 when the document moved on), PUT with If-None-Match: * creates only (412 when it exists); HEAD
/// answers wherever GET does, through the gateway.
/// </summary>
[Collection(DocumentsServiceCollection.Name)]
public sealed class ConditionalRequestTests(DocumentsServiceFixture service) : ThroughGateway(service)
{
    private static StringContent Doc(string title) =>
        new(
            JsonSerializer.Serialize(
                new
                {
                    type = "resume",
                    title,
                    data = new { profile = new { name = title } },
                }
            ),
            Encoding.UTF8,
            "application/json"
        );

    private static async Task<(string Id, string ETag)> CreateAsync(HttpClient client)
    {
        var created = await client.PostAsync("/api/v1/documents", Doc("Cond"));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        return (
            (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!,
            created.Headers.ETag!.Tag
        );
    }

    private static HttpRequestMessage With(
        HttpMethod method,
        string url,
        HttpContent? content,
        string header,
        string value
    )
    {
        var request = new HttpRequestMessage(method, url) { Content = content };
        request.Headers.TryAddWithoutValidation(header, value);
        return request;
    }

    [Fact]
    public async Task A_weak_etag_in_if_match_never_matches()
    {
        using var client = await Service.SignedInClientAsync();
        var (id, etag) = await CreateAsync(client);

        var put = await client.SendAsync(
            With(HttpMethod.Put, $"/api/v1/documents/{id}", Doc("Weak"), "If-Match", "W/" + etag)
        );
        var delete = await client.SendAsync(
            With(HttpMethod.Delete, $"/api/v1/documents/{id}", null, "If-Match", "W/" + etag)
        );

        Assert.Equal(HttpStatusCode.Conflict, put.StatusCode);
        Assert.Equal(HttpStatusCode.PreconditionFailed, delete.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/api/v1/documents/{id}")).StatusCode);
    }

    [Fact]
    public async Task Delete_honours_if_match()
    {
        using var client = await Service.SignedInClientAsync();
        var (id, etag) = await CreateAsync(client);
        var saved = await client.SendAsync(
            With(HttpMethod.Put, $"/api/v1/documents/{id}", Doc("Moved on"), "If-Match", etag)
        );
        Assert.Equal(HttpStatusCode.OK, saved.StatusCode);

        var stale = await client.SendAsync(With(HttpMethod.Delete, $"/api/v1/documents/{id}", null, "If-Match", etag));
        Assert.Equal(HttpStatusCode.PreconditionFailed, stale.StatusCode);
        Assert.Equal("application/problem+json", stale.Content.Headers.ContentType?.MediaType);
        Assert.Equal(saved.Headers.ETag!.Tag, stale.Headers.ETag!.Tag);

        var current = await client.SendAsync(
            With(HttpMethod.Delete, $"/api/v1/documents/{id}", null, "If-Match", saved.Headers.ETag!.Tag)
        );
        Assert.Equal(HttpStatusCode.NoContent, current.StatusCode);
    }

    [Fact]
    public async Task Put_with_if_none_match_star_creates_only()
    {
        using var client = await Service.SignedInClientAsync();
        var id = Guid.NewGuid();

        var created = await client.SendAsync(
            With(HttpMethod.Put, $"/api/v1/documents/{id}", Doc("New"), "If-None-Match", "*")
        );
        var again = await client.SendAsync(
            With(HttpMethod.Put, $"/api/v1/documents/{id}", Doc("New"), "If-None-Match", "*")
        );

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal(HttpStatusCode.PreconditionFailed, again.StatusCode);
    }

    [Fact]
    public async Task Head_answers_where_get_does_through_the_gateway()
    {
        using var anonymous = Gateway.CreateClient();
        var register = await anonymous.PostAsJsonAsync(
            "/api/v1/auth/register",
            new
            {
                email = $"head-{Guid.NewGuid():N}@example.com",
                password = "correct-horse-battery-1",
                name = "Head",
            }
        );
        using var client = Gateway.CreateClient(
            (await register.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accessToken").GetString()
        );
        var (id, etag) = await CreateAsync(client);

        foreach (var path in new[] { $"/api/v1/documents/{id}", "/api/v1/documents", "/api/v1/auth/me" })
        {
            var head = await client.SendAsync(new HttpRequestMessage(HttpMethod.Head, path));
            Assert.Equal(HttpStatusCode.OK, head.StatusCode);
            Assert.Empty(await head.Content.ReadAsByteArrayAsync());
        }
        var document = await client.SendAsync(new HttpRequestMessage(HttpMethod.Head, $"/api/v1/documents/{id}"));
        Assert.Equal(etag, document.Headers.ETag!.Tag);
    }
}
