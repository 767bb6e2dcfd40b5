using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using ResumePair.Documents.Tests.Support;
using Xunit;

namespace ResumePair.Documents.Tests.Api;

/// <summary>
/// A NUL character (which PostgreSQL's text cannot store) in any field of the account routes is a 400 problem
/// naming the field; it used to reach the database and come back as a 500.
/// </summary>
[Collection(DocumentsServiceCollection.Name)]
public sealed class AccountNulInputTests(DocumentsServiceFixture service)
{
    private const string Nul = "\\u0000";

    public static TheoryData<string, string, string> Cases() => new()
    {
            {
                "/api/v1/auth/register",
                $$"""{"email":"a{{Nul}}@example.com","password":"correct-horse-1","name":"N"}""",
                "email"
            },
            {
                "/api/v1/auth/register",
                $$"""{"email":"nul@example.com","password":"correct-horse-1","name":"N{{Nul}}"}""",
                "name"
            },
            {
                "/api/v1/auth/register",
                $$"""{"email":"nul@example.com","password":"correct{{Nul}}horse-1","name":"N"}""",
                "password"
            },
            { "/api/v1/auth/login", $$"""{"email":"{{Nul}}@example.com","password":"correct-horse-1"}""", "email" },
            { "/api/v1/auth/login", $$"""{"email":"nul@example.com","password":"x{{Nul}}"}""", "password" },
            { "/api/v1/auth/password/forgot", $$"""{"email":"victim{{Nul}}@example.com"}""", "email" },
            {
                "/api/v1/auth/password/reset",
                $$"""{"token":"t","newPassword":"correct{{Nul}}horse-1"}""",
                "newPassword"
            },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task A_nul_character_is_a_400_problem_naming_the_field(string path, string json, string field)
    {
        using var client = service.CreateClient();
        var response = await client.PostAsync(path, new StringContent(json, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
    }

    [Theory]
    [InlineData("/api/v1/auth/refresh", """{"refreshToken":"abc\u0000def"}""")]
    [InlineData("/api/v1/auth/email/verify", """{"token":"abc\u0000def"}""")]
    [InlineData("/api/v1/auth/password/reset", """{"token":"abc\u0000def","newPassword":"correct-horse-battery-1"}""")]
    public async Task A_nul_character_in_a_token_is_refused_as_any_bad_token(string path, string json)
    {
        using var client = service.CreateClient();
        var response = await client.PostAsync(path, new StringContent(json, Encoding.UTF8, "application/json"));

        Assert.InRange((int)response.StatusCode, 400, 401);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }
}
