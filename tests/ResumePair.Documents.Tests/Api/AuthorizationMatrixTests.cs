using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Dapper;
using ResumePair.Documents.Tests.Support;
using Xunit;

namespace ResumePair.Documents.Tests.Api;

/// <summary>User B tries every documents and sessions route on user A's resources: always 404, and A's data stays as it
/// was.</summary>
[Collection(DocumentsServiceCollection.Name)]
public sealed class AuthorizationMatrixTests(DocumentsServiceFixture service)
{
    private static readonly object Body = new
    {
        type = "resume",
        title = "B was here",
        data = new { profile = new { name = "B" } },
    };

    private static HttpRequestMessage Json(
        HttpMethod method,
        string url,
        object? body,
        string contentType = "application/json",
        string? ifMatch = "\"1\""
    )
    {
        var request = new HttpRequestMessage(method, url);
        if (body is not null)
            request.Content = new StringContent(JsonSerializer.Serialize(body), Encoding.UTF8, contentType);
        if (ifMatch is not null) request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        return request;
    }

    [Fact]
    public async Task Every_route_on_another_users_document_or_session_is_404()
    {
        var alice = await service.RegisterAsync();
        using var a = service.CreateClient(alice.GetProperty("accessToken").GetString());
        using var b = await service.SignedInClientAsync();

        var created = await a.PostAsJsonAsync(
            "/api/v1/documents",
            new
            {
                type = "resume",
                title = "A's CV",
                data = new { profile = new { name = "A" } },
            }
        );
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString();
        var trashed = await a.PostAsJsonAsync(
            "/api/v1/documents",
            new
            {
                type = "resume",
                title = "A's old CV",
                data = new { profile = new { name = "A" } },
            }
        );
        var trashedId = (await trashed.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString();
        Assert.Equal(HttpStatusCode.NoContent, (await a.DeleteAsync($"/api/v1/documents/{trashedId}")).StatusCode);
        var aliceSession = (await a.GetFromJsonAsync<JsonElement>("/api/v1/auth/sessions"))
            .EnumerateArray()
            .First()
            .GetProperty("id")
            .GetString();

        var attempts = new (string Name, Func<HttpRequestMessage> Request)[]
        {
            ("GET doc", () => Json(HttpMethod.Get, $"/api/v1/documents/{id}", null, ifMatch: null)),
            ("PUT doc (replace)", () => Json(HttpMethod.Put, $"/api/v1/documents/{id}", Body)),
            ("PUT doc (no If-Match)", () => Json(HttpMethod.Put, $"/api/v1/documents/{id}", Body, ifMatch: null)),
            ("PUT doc (If-Match *)", () => Json(HttpMethod.Put, $"/api/v1/documents/{id}", Body, ifMatch: "*")),
            ("PATCH doc", () =>
                Json(HttpMethod.Patch, $"/api/v1/documents/{id}", new { title = "B" }, "application/merge-patch+json")
            ),
            ("DELETE doc", () => Json(HttpMethod.Delete, $"/api/v1/documents/{id}", null)),
            ("restore trashed doc", () =>
                Json(HttpMethod.Post, $"/api/v1/documents/{trashedId}/restore", null, ifMatch: null)
            ),
            ("list versions", () => Json(HttpMethod.Get, $"/api/v1/documents/{id}/versions", null, ifMatch: null)),
            ("get version", () => Json(HttpMethod.Get, $"/api/v1/documents/{id}/versions/1", null, ifMatch: null)),
            ("restore version", () =>
                Json(HttpMethod.Post, $"/api/v1/documents/{id}/versions/1/restore", null, ifMatch: null)
            ),
            ("events", () => Json(HttpMethod.Get, $"/api/v1/documents/{id}/events", null, ifMatch: null)),
            ("json-resume export", () =>
                Json(HttpMethod.Get, $"/api/v1/documents/{id}/json-resume", null, ifMatch: null)
            ),
            ("revoke session", () =>
                Json(HttpMethod.Delete, $"/api/v1/auth/sessions/{aliceSession}", null, ifMatch: null)
            ),
        };
        foreach (var (name, request) in attempts)
        {
            var response = await b.SendAsync(request());
            Assert.True(response.StatusCode == HttpStatusCode.NotFound, $"{name}: {(int)response.StatusCode}");
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        }

        // Nothing B did shows: A's document is at version 1, the trashed one still trashed, A's session alive.
        var mine = await a.GetAsync($"/api/v1/documents/{id}");
        Assert.Equal("\"1\"", mine.Headers.ETag?.Tag);
        Assert.Equal("A's CV", (await mine.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("title").GetString());
        Assert.Equal(HttpStatusCode.NotFound, (await a.GetAsync($"/api/v1/documents/{trashedId}")).StatusCode);
        var refresh = await a.PostAsJsonAsync(
            "/api/v1/auth/refresh",
            new { refreshToken = alice.GetProperty("refreshToken").GetString() }
        );
        Assert.Equal(HttpStatusCode.OK, refresh.StatusCode);
        await using var conn = await service.Database.OpenConnectionAsync();
        Assert.Equal(
            0,
            await conn.ExecuteScalarAsync<int>("SELECT count(*) FROM documents WHERE title = 'B was here'")
        );
        // B's list is its own.
        Assert.Empty(
            (await b.GetFromJsonAsync<JsonElement>("/api/v1/documents")).GetProperty("items").EnumerateArray()
        );
    }
}
