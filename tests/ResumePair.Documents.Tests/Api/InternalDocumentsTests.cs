using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ResumePair.Documents.Tests.Support;
using ResumePair.Web.Internal;
using Xunit;

namespace ResumePair.Documents.Tests.Api;

/// <summary>PUT /internal/v1/users/{userId}/documents/{id}: the import job's create, signed with the internal
/// key.</summary>
[Collection(DocumentsServiceCollection.Name)]
public sealed class InternalDocumentsTests(DocumentsServiceFixture service)
{
    private const string Key = "documents-internal-test-key";

    private static HttpRequestMessage Signed(Guid userId, Guid id, object body, string key = Key)
    {
        var path = $"/internal/v1/users/{userId}/documents/{id}";
        var bytes = JsonSerializer.SerializeToUtf8Bytes(body, JsonSerializerOptions.Web);
        var timestamp = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var request = new HttpRequestMessage(HttpMethod.Put, path) { Content = new ByteArrayContent(bytes) };
        request.Content.Headers.ContentType = new("application/json");
        request.Headers.Add(InternalSignature.TimestampHeader, timestamp.ToString());
        request.Headers.Add(
            InternalSignature.SignatureHeader,
            InternalSignature.Compute(key, "PUT", path, timestamp, bytes)
        );
        return request;
    }

    private static object Resume(string name) =>
        new
        {
            type = "resume",
            title = name,
            data = new { profile = new { name, email = "jane@example.com" } },
        };

    private async Task<(Guid UserId, HttpClient Client)> UserAsync()
    {
        var registered = await service.RegisterAsync();
        var userId = Guid.Parse(registered.GetProperty("user").GetProperty("id").GetString()!);
        return (userId, service.CreateClient(registered.GetProperty("accessToken").GetString()));
    }

    [Fact]
    public async Task Creates_once_by_id_for_the_named_user_who_can_then_read_it()
    {
        await using var replica = service.CreateReplica(web => web.UseSetting("Internal:Key", Key));
        using var internalClient = replica.CreateClient();
        var (userId, user) = await UserAsync();
        var id = Guid.NewGuid();

        var created = await internalClient.SendAsync(Signed(userId, id, Resume("Jane Doe")));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);

        // A retried job attempt: the same id answers the existing copy (even with other content), never a second
        // resume.
        var again = await internalClient.SendAsync(Signed(userId, id, Resume("Jane D.")));
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        var body = await again.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(1, body.GetProperty("version").GetInt64());
        Assert.Equal("Jane Doe", body.GetProperty("title").GetString());

        var read = await user.GetFromJsonAsync<JsonElement>($"/api/v1/documents/{id}");
        Assert.Equal("Jane Doe", read.GetProperty("data").GetProperty("profile").GetProperty("name").GetString());
        var list = await user.GetFromJsonAsync<JsonElement>("/api/v1/documents?type=resume");
        Assert.Equal(1, list.GetProperty("items").GetArrayLength());

        // Someone else's id is not taken over.
        var (otherUser, _) = await UserAsync();
        var clash = await internalClient.SendAsync(Signed(otherUser, id, Resume("Mallory")));
        Assert.Equal(HttpStatusCode.Conflict, clash.StatusCode);
    }

    [Fact]
    public async Task Data_is_validated_against_the_resume_schema()
    {
        await using var replica = service.CreateReplica(web => web.UseSetting("Internal:Key", Key));
        using var internalClient = replica.CreateClient();
        var (userId, user) = await UserAsync();
        var id = Guid.NewGuid();

        var invalid = await internalClient.SendAsync(
            Signed(
                userId,
                id,
                new
                {
                    type = "resume",
                    title = "Bad",
                    data = new
                    {
                        profile = new { name = "Jane" },
                        work = new[] { new { company = "Acme", startDate = "yesterday" } },
                    },
                }
            )
        );

        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        var problem = await invalid.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(
            problem
                .GetProperty("errors")
                .EnumerateObject()
                .Any(e => e.Name.StartsWith("data.work[0]", StringComparison.Ordinal)),
            problem.ToString()
        );
        Assert.Equal(HttpStatusCode.NotFound, (await user.GetAsync($"/api/v1/documents/{id}")).StatusCode);
    }

    [Fact]
    public async Task Unsigned_or_wrongly_signed_requests_and_user_tokens_are_401()
    {
        await using var replica = service.CreateReplica(web => web.UseSetting("Internal:Key", Key));
        using var internalClient = replica.CreateClient();
        var (userId, _) = await UserAsync();
        var id = Guid.NewGuid();
        var registered = await service.RegisterAsync();

        var unsigned = await internalClient.PutAsJsonAsync(
            $"/internal/v1/users/{userId}/documents/{id}",
            Resume("Jane")
        );
        var wrongKey = await internalClient.SendAsync(Signed(userId, id, Resume("Jane"), key: "guessed"));
        using var withToken = replica.CreateClient();
        withToken.DefaultRequestHeaders.Authorization = new(
            "Bearer",
            registered.GetProperty("accessToken").GetString()
        );
        var userToken = await withToken.PutAsJsonAsync($"/internal/v1/users/{userId}/documents/{id}", Resume("Jane"));
        // The shared fixture's replica has no key at all: it refuses even a correct signature.
        using var unconfigured = service.Factory.CreateClient();
        var noKey = await unconfigured.SendAsync(Signed(userId, id, Resume("Jane")));

        Assert.All([unsigned, wrongKey, userToken, noKey], r =>
            Assert.Equal(HttpStatusCode.Unauthorized, r.StatusCode)
        );
        Assert.Equal(0L, await CountAsync(id));
    }

    private async Task<long> CountAsync(Guid id)
    {
        await using var cmd = service.Database.CreateCommand("SELECT count(*) FROM documents WHERE id = @id");
        cmd.Parameters.AddWithValue("id", id);
        return (long)(await cmd.ExecuteScalarAsync())!;
    }
}
