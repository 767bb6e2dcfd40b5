using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using ResumePair.Documents.Tests.Support;
using Xunit;

namespace ResumePair.Documents.Tests.Api;

[Collection(DocumentsServiceCollection.Name)]
public sealed class HistoryAndSessionsTests(DocumentsServiceFixture service)
{
    private const string Url = "/api/v1/documents";

    private static object Resume(string title) =>
        new
        {
            type = "resume",
            title,
            data = new { profile = new { name = "Ann" } },
        };

    [Fact]
    public async Task Versions_are_listed_readable_and_restorable_as_a_new_version()
    {
        using var client = await service.SignedInClientAsync();
        var created = await client.PostAsJsonAsync(Url, Resume("v1"));
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString();
        var put = new HttpRequestMessage(HttpMethod.Put, $"{Url}/{id}") { Content = JsonContent.Create(Resume("v2")) };
        put.Headers.IfMatch.Add(new EntityTagHeaderValue("\"1\""));
        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(put)).StatusCode);

        var versions = await client.GetFromJsonAsync<JsonElement>($"{Url}/{id}/versions");
        Assert.Equal(
            [2L, 1L],
            versions.GetProperty("items").EnumerateArray().Select(v => v.GetProperty("version").GetInt64())
        );
        var v1 = await client.GetFromJsonAsync<JsonElement>($"{Url}/{id}/versions/1");
        Assert.Equal("v1", v1.GetProperty("title").GetString());
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"{Url}/{id}/versions/9")).StatusCode);

        var restored = await client.PostAsync($"{Url}/{id}/versions/1/restore", null);
        Assert.Equal(HttpStatusCode.OK, restored.StatusCode);
        var body = await restored.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("v1", body.GetProperty("title").GetString());
        Assert.Equal(3, body.GetProperty("version").GetInt64());

        using var other = await service.SignedInClientAsync();
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync($"{Url}/{id}/versions")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync($"{Url}/{id}/versions/1")).StatusCode);
    }

    [Fact]
    public async Task A_deleted_document_can_be_restored_by_its_owner()
    {
        using var client = await service.SignedInClientAsync();
        var created = await client.PostAsJsonAsync(Url, Resume("Trash me"));
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString();
        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync($"{Url}/{id}")).StatusCode);

        using var other = await service.SignedInClientAsync();
        Assert.Equal(HttpStatusCode.NotFound, (await other.PostAsync($"{Url}/{id}/restore", null)).StatusCode);

        Assert.Equal(HttpStatusCode.OK, (await client.PostAsync($"{Url}/{id}/restore", null)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"{Url}/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.PostAsync($"{Url}/{id}/restore", null)).StatusCode);
    }

    [Fact]
    public async Task A_failed_request_does_not_use_up_its_Idempotency_Key()
    {
        using var client = await service.SignedInClientAsync();
        var created = await client.PostAsJsonAsync(Url, Resume("Keep"));
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString();
        HttpRequestMessage Restore()
        {
            var request = new HttpRequestMessage(HttpMethod.Post, $"{Url}/{id}/restore");
            request.Headers.Add("Idempotency-Key", "restore-1");
            return request;
        }

        Assert.Equal(HttpStatusCode.NotFound, (await client.SendAsync(Restore())).StatusCode); // not in the trash yet
        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync($"{Url}/{id}")).StatusCode);
        var restored = await client.SendAsync(Restore());
        Assert.Equal(HttpStatusCode.OK, restored.StatusCode);
        var replayed = await client.SendAsync(Restore());
        Assert.Equal(HttpStatusCode.OK, replayed.StatusCode);
        Assert.True(replayed.Headers.Contains("Idempotent-Replayed"));
    }

    [Fact]
    public async Task Sessions_are_listed_and_revoking_one_kills_its_refresh_token()
    {
        var email = $"sessions-{Guid.NewGuid():N}@example.com";
        var first = await service.RegisterAsync(email, password: "right-password-1");
        using var anonymous = service.CreateClient();
        var login = await (
            await anonymous.PostAsJsonAsync("/api/v1/auth/login", new { email, password = "right-password-1" })
        ).Content.ReadFromJsonAsync<JsonElement>();

        using var client = service.CreateClient(first.GetProperty("accessToken").GetString());
        var sessions = (await client.GetFromJsonAsync<JsonElement>("/api/v1/auth/sessions")).EnumerateArray().ToList();
        Assert.Equal(2, sessions.Count);
        Assert.Single(sessions, s => s.GetProperty("current").GetBoolean());

        var otherSession = sessions.Single(s => !s.GetProperty("current").GetBoolean()).GetProperty("id").GetString();
        Assert.Equal(
            HttpStatusCode.NoContent,
            (await client.DeleteAsync($"/api/v1/auth/sessions/{otherSession}")).StatusCode
        );
        var refresh = await anonymous.PostAsJsonAsync(
            "/api/v1/auth/refresh",
            new { refreshToken = login.GetProperty("refreshToken").GetString() }
        );
        Assert.Equal(HttpStatusCode.Unauthorized, refresh.StatusCode);
        Assert.Single((await client.GetFromJsonAsync<JsonElement>("/api/v1/auth/sessions")).EnumerateArray());

        using var stranger = await service.SignedInClientAsync();
        Assert.Equal(
            HttpStatusCode.NotFound,
            (
                await stranger.DeleteAsync($"/api/v1/auth/sessions/{sessions[0].GetProperty("id").GetString()}")
            ).StatusCode
        );
    }

    [Fact]
    public async Task The_issuer_validates_its_own_tokens_from_its_key_store_even_when_discovery_names_it()
    {
        // Under the launcher, services__documents__http__0 is set, so AddDefaultJwtValidation points JwtBearer
        // at this service's own metadata URL; it must not be fetched (here it would fail: nothing listens there).
        await using var factory = service.Factory.WithWebHostBuilder(web =>
            web.UseSetting("services:documents:http:0", "http://127.0.0.1:9")
        );
        using var client = factory.CreateClient();
        var register = await client.PostAsJsonAsync("/api/v1/auth/register",
            new { email = $"self-{Guid.NewGuid():N}@example.com", password = "right-password-1", name = "Self" });
        var token = (await register.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accessToken").GetString();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v1/auth/me")).StatusCode);
    }
}
