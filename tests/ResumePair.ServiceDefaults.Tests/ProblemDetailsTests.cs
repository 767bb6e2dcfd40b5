using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Hosting;
using ResumePair.ServiceDefaults.Problems;
using Xunit;

namespace ResumePair.ServiceDefaults.Tests;

public sealed class ProblemDetailsTests : IAsyncLifetime
{
    private WebApplication _app = null!;
    private HttpClient _client = null!;

    public sealed record Payload(string Name);

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseTestServer();
        builder.AddServiceDefaults();
        _app = builder.Build();
        _app.MapDefaultEndpoints();
        _app.MapPost("/echo", (Payload p) => p.Name);
        _app.MapGet("/boom", string () => throw new InvalidOperationException("secret internals"));
        _app.MapGet("/down", string () => throw new ServiceUnavailableException("documents is unreachable"));
        _app.MapGet("/database-down", async Task<string> () =>
        {
            // Nothing listens on port 1: the same exception a restarting PostgreSQL gives.
            await using var connection = new Npgsql.NpgsqlConnection("Host=127.0.0.1;Port=1;Username=x;Timeout=2");
            await connection.OpenAsync();
            return "unreachable";
        });
        await _app.StartAsync();
        _client = _app.GetTestClient();
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    private static async Task<JsonElement> Problem(HttpResponseMessage response)
    {
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
    }

    [Fact]
    public async Task Malformed_json_is_a_400_problem_with_trace_id()
    {
        var response = await _client.PostAsync("/echo", new StringContent("{\"name\": ", System.Text.Encoding.UTF8,
            "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await Problem(response);
        Assert.Equal(400, problem.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrEmpty(problem.GetProperty("traceId").GetString()));
        Assert.False(string.IsNullOrEmpty(problem.GetProperty("type").GetString()));
        Assert.False(string.IsNullOrEmpty(problem.GetProperty("detail").GetString()));
    }

    [Fact]
    public async Task An_unexpected_exception_is_a_500_problem_that_leaks_nothing()
    {
        var response = await _client.GetAsync("/boom");

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.DoesNotContain("secret internals", (await Problem(response)).ToString());
    }

    [Fact]
    public async Task A_dependency_outage_is_a_503_problem()
    {
        var response = await _client.GetAsync("/down");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("documents is unreachable", (await Problem(response)).GetProperty("detail").GetString());
    }

    [Fact]
    public async Task An_unreachable_database_is_a_503_problem_with_retry_after_not_a_500()
    {
        var response = await _client.GetAsync("/database-down");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.NotNull(response.Headers.RetryAfter);
        Assert.Equal(503, (await Problem(response)).GetProperty("status").GetInt32());
    }

    [Fact]
    public async Task Unknown_routes_are_404_problems_and_health_is_json()
    {
        var missing = await _client.GetAsync("/nope");
        var alive = await _client.GetAsync("/alive");

        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal(404, (await Problem(missing)).GetProperty("status").GetInt32());
        Assert.Equal(HttpStatusCode.OK, alive.StatusCode);
        Assert.Equal(
            "Healthy",
            JsonDocument.Parse(await alive.Content.ReadAsStringAsync()).RootElement.GetProperty("status").GetString()
        );
    }
}
