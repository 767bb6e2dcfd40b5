extern alias gateway;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using GatewayProgram = gateway::Program;
using ResumePair.Testing.Services;

namespace ResumePair.Documents.Tests.Support;

/// <summary>
/// The public path in one process: the real gateway (JWT check, YARP routing) in front of a documents replica
/// that listens on a real loopback port, so requests cross HTTP exactly as in production (the gateway fetches
/// the JWKS from it and forwards to it). The other services point at a closed port: these tests never reach them.
/// </summary>
public sealed class GatewayHost : IAsyncDisposable
{
    private readonly WebApplicationFactory<Program> _documents;
    private readonly WebApplicationFactory<GatewayProgram> _gateway;

    private GatewayHost(WebApplicationFactory<Program> documents, WebApplicationFactory<GatewayProgram> gateway) =>
        (_documents, _gateway) = (documents, gateway);

    public Uri DocumentsUrl { get; private init; } = null!;

    /// <param name="configureGateway">More settings or services for the gateway (after the defaults).</param>
    public static GatewayHost Start(DocumentsServiceFixture service, Action<IWebHostBuilder>? configureGateway = null)
    {
        var documents = service.CreateReplica();
        // A port of its own (UseKestrel(0) fell back to 5000, so two hosts at once collided).
        var port = FreePort();
        documents.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, port));
        documents.StartServer();
        var url = new Uri($"http://127.0.0.1:{port}");
        var gateway = new WebApplicationFactory<GatewayProgram>().WithWebHostBuilder(web =>
        {
            web.UseEnvironment("Testing");
            web.UseSetting("services:documents:http:0", url.ToString().TrimEnd('/'));
            web.UseSetting("Internal:Key", RealDocumentsService.TestInternalKey);
            foreach (var other in new[] { "export-orchestrator", "ai-proxy", "pdf-renderer" })
                web.UseSetting($"services:{other}:http:0", "http://127.0.0.1:9");
            configureGateway?.Invoke(web);
        });
        return new GatewayHost(documents, gateway) { DocumentsUrl = url };
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>A client of the gateway (never of the service directly), signed in when given a token.</summary>
    /// <summary>The gateway's services (its session feed, for tests of it).</summary>
    public IServiceProvider GatewayServices => _gateway.Services;

    public HttpClient CreateClient(string? accessToken = null)
    {
        var client = _gateway.CreateClient();
        if (accessToken is not null)
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        return client;
    }

    public async ValueTask DisposeAsync()
    {
        await _gateway.DisposeAsync();
        await _documents.DisposeAsync();
    }
}
