using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.Testing;
using Xunit;

namespace ResumePair.Gateway.Tests;

/// <summary>
/// What a client may not choose: the address services see it from (login lock and registration limits are per
/// address) and whether it sees the network behind the gateway in /health.
/// </summary>
public sealed class ForwardingAndHealthTests : IAsyncLifetime
{
    private WebApplication _echo = null!;
    private WebApplicationFactory<Program> _gateway = null!;

    public async Task InitializeAsync()
    {
        // A real downstream on a real port: it answers with the forwarding headers it received.
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        _echo = builder.Build();
        _echo.Map("/{**rest}", (HttpRequest r) => Results.Json(new
        {
            forwardedFor = r.Headers["X-Forwarded-For"].ToString(),
            forwarded = r.Headers["Forwarded"].ToString(),
        }));
        await _echo.StartAsync();
        var url = _echo.Urls.Single();
        _gateway = new WebApplicationFactory<Program>().WithWebHostBuilder(w =>
        {
            foreach (var service in new[] { "documents", "export-orchestrator", "ai-proxy", "pdf-renderer" })
                w.UseSetting($"services:{service}:http:0", url);
        });
    }

    public async Task DisposeAsync()
    {
        await _gateway.DisposeAsync();
        await _echo.DisposeAsync();
    }

    [Fact]
    public async Task A_client_written_forwarded_for_never_reaches_a_service()
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/auth/login")
        {
            Content = new StringContent("{}"),
        };
        request.Headers.TryAddWithoutValidation("X-Forwarded-For", "203.0.113.7, 198.51.100.1");
        request.Headers.TryAddWithoutValidation("Forwarded", "for=203.0.113.8");

        var response = await _gateway.CreateClient().SendAsync(request);
        var seen = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        // The gateway writes the peer it saw (the in-process test server has none), whatever the client said.
        Assert.DoesNotContain("203.0.113", seen.GetProperty("forwardedFor").GetString());
        Assert.DoesNotContain("198.51.100", seen.GetProperty("forwardedFor").GetString());
        Assert.Equal("", seen.GetProperty("forwarded").GetString());
    }

    [Fact]
    public async Task Health_detail_with_internal_addresses_is_for_operators_only()
    {
        var client = _gateway.CreateClient();
        var local = await client.GetStringAsync("/health");
        var proxied = new HttpRequestMessage(HttpMethod.Get, "/health");
        proxied.Headers.TryAddWithoutValidation("X-Forwarded-For", "203.0.113.7");

        var response = await client.SendAsync(proxied);
        var body = await response.Content.ReadAsStringAsync();

        var port = new Uri(_echo.Urls.Single()).Port;
        Assert.Contains($":{port}", local); // a caller on this machine, talking to the gateway itself
        Assert.DoesNotContain($":{port}", body); // anyone else: status per check, no addresses or errors
        Assert.Contains("\"name\":\"documents\"", body);
        Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
    }
}
