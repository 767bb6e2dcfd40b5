using System.Net;
using ResumePair.EndToEndTests.Topology;
using ResumePair.Testing.Topology;
using Xunit;

namespace ResumePair.EndToEndTests;

[Collection(TopologyCollection.Name)]
public sealed class AccountsFlowTests(TopologyFixture fixture)
{
    [Fact]
    public async Task Login_and_refresh_rotation_work_through_the_gateway()
    {
        using var client = fixture.CreateClient();
        var email = $"rotate-{Guid.NewGuid():N}@example.com";
        await client.RegisterAsync(email, "Sufficiently-long-9");

        var login = await client.SendJsonAsync(
            HttpMethod.Post,
            "/api/v1/auth/login",
            new { email, password = "Sufficiently-long-9" },
            HttpStatusCode.OK
        );
        var firstRefresh = login["refreshToken"]!.GetValue<string>();
        var rotated = await client.SendJsonAsync(
            HttpMethod.Post,
            "/api/v1/auth/refresh",
            new { refreshToken = firstRefresh },
            HttpStatusCode.OK
        );
        using var replay = await client.SendAsync(
            HttpMethod.Post,
            "/api/v1/auth/refresh",
            new { refreshToken = firstRefresh }
        );
        using var wrongPassword = await client.SendAsync(
            HttpMethod.Post,
            "/api/v1/auth/login",
            new { email, password = "not-the-password-1" }
        );

        Assert.NotEqual(firstRefresh, rotated["refreshToken"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.Unauthorized, replay.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, wrongPassword.StatusCode);
        Assert.Equal("application/problem+json", wrongPassword.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task A_saved_resume_is_validated_versioned_and_updated_with_if_match()
    {
        using var client = fixture.CreateClient();
        await client.RegisterAsync();

        var created = await client.SendJsonAsync(HttpMethod.Post, "/api/v1/documents",
            new { type = "resume", title = "Draft", data = ExportFlowTests.Resume }, HttpStatusCode.Created);
        var id = created["id"]!.GetValue<Guid>();
        var version = created["version"]!.GetValue<long>();

        var updated = await client.SendJsonAsync(HttpMethod.Put, $"/api/v1/documents/{id}",
            new { type = "resume", title = "Final", data = ExportFlowTests.Resume }, HttpStatusCode.OK,
            r => r.Headers.IfMatch.Add(new System.Net.Http.Headers.EntityTagHeaderValue($"\"{version}\"")));
        using var stale = await client.SendAsync(HttpMethod.Put, $"/api/v1/documents/{id}",
            new { type = "resume", title = "Lost update", data = ExportFlowTests.Resume },
            r => r.Headers.IfMatch.Add(new System.Net.Http.Headers.EntityTagHeaderValue($"\"{version}\"")));
        using var invalid = await client.SendAsync(
            HttpMethod.Post,
            "/api/v1/documents",
            new
            {
                type = "resume",
                title = "Bad",
                data = new
                {
                    profile = new { name = "X" },
                    work = new[]
                    {
                        new
                        {
                            company = "Y",
                            position = "Z",
                            startDate = "last spring",
                        },
                    },
                },
            }
        );

        Assert.Equal(version + 1, updated["version"]!.GetValue<long>());
        Assert.Equal(HttpStatusCode.Conflict, stale.StatusCode);
        Assert.Contains("\"current\"", await stale.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        Assert.Contains("startDate", await invalid.Content.ReadAsStringAsync());
    }
}
