using Microsoft.Extensions.Time.Testing;
using System.Net;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using ResumePair.Web.Internal;
using ResumePair.Testing;
using Xunit;

namespace ResumePair.ServiceDefaults.Tests;

/// <summary>The signing handler against the verifying filter, each with its own clock, to pin the 60 s
/// window.</summary>
public sealed class InternalAuthTests : IAsyncLifetime
{
    private const string Key = "unit-test-key";
    private readonly FakeTimeProvider _serverClock = new(FlowingTime.DefaultStart);
    private readonly FakeTimeProvider _clientClock = new(FlowingTime.DefaultStart);
    private WebApplication _app = null!;

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseTestServer();
        builder.AddServiceDefaults();
        builder.Services.AddInternalAuth();
        builder.Configuration["Internal:Key"] = Key;
        builder.Services.Replace(ServiceDescriptor.Singleton<TimeProvider>(_serverClock));
        _app = builder.Build();
        _app.MapDefaultEndpoints();
        // Echoes the body: the filter must hand on exactly the bytes it verified.
        _app.MapPut("/internal/echo", async (HttpRequest request) =>
                await new StreamReader(request.Body).ReadToEndAsync()
            )
            .RequireInternalAuth();
        await _app.StartAsync();
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    private HttpClient SigningClient(string key = Key)
    {
        var handler = new InternalSigningHandler(Options.Create(new InternalAuthOptions { Key = key }), _clientClock)
        {
            InnerHandler = _app.GetTestServer().CreateHandler(),
        };
        return new HttpClient(handler) { BaseAddress = new Uri("http://localhost") };
    }

    private static StringContent Body(string text) => new(text, Encoding.UTF8, "application/json");

    [Theory]
    [InlineData(0, HttpStatusCode.OK)]
    [InlineData(59, HttpStatusCode.OK)]
    [InlineData(-59, HttpStatusCode.OK)]
    [InlineData(61, HttpStatusCode.Unauthorized)]
    [InlineData(-61, HttpStatusCode.Unauthorized)]
    public async Task A_signature_is_accepted_within_60_seconds_of_the_receivers_clock(
        int clientAheadSeconds,
        HttpStatusCode expected
    )
    {
        // A FakeTimeProvider only moves forward: a client behind is a server ahead.
        if (clientAheadSeconds >= 0) _clientClock.Advance(TimeSpan.FromSeconds(clientAheadSeconds));
        else _serverClock.Advance(TimeSpan.FromSeconds(-clientAheadSeconds));
        using var client = SigningClient();

        var response = await client.PutAsync("/internal/echo?x=1", Body("""{"a":1}"""));

        Assert.Equal(expected, response.StatusCode);
        if (expected == HttpStatusCode.OK) Assert.Equal("""{"a":1}""", await response.Content.ReadAsStringAsync());
        else Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Another_key_a_changed_path_or_a_missing_signature_is_401()
    {
        using var wrongKey = SigningClient("other-key");
        Assert.Equal(HttpStatusCode.Unauthorized, (await wrongKey.PutAsync("/internal/echo", Body("{}"))).StatusCode);

        // Signed for one query string, sent with another.
        var timestamp = _serverClock.GetUtcNow().ToUnixTimeSeconds();
        using var unsignedClient = _app.GetTestClient();
        using var moved = new HttpRequestMessage(HttpMethod.Put, "/internal/echo?user=mallory")
        {
            Content = Body("{}"),
        };
        moved.Headers.Add(InternalSignature.TimestampHeader, timestamp.ToString());
        moved.Headers.Add(
            InternalSignature.SignatureHeader,
            InternalSignature.Compute(Key, "PUT", "/internal/echo?user=alice", timestamp, "{}"u8)
        );
        Assert.Equal(HttpStatusCode.Unauthorized, (await unsignedClient.SendAsync(moved)).StatusCode);

        Assert.Equal(
            HttpStatusCode.Unauthorized,
            (await unsignedClient.PutAsync("/internal/echo", Body("{}"))).StatusCode
        );
    }
}
