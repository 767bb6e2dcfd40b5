extern alias gateway;
using System.Net.Http.Headers;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
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

    public static GatewayHost Start(DocumentsServiceFixture service)
    {
        var documents = service.CreateReplica();
        documents.UseKestrel(0);
        documents.StartServer();
        var address = documents.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        var url = new Uri(address.Replace("[::]", "127.0.0.1", StringComparison.Ordinal).Replace("localhost", "127.0.0.1", StringComparison.Ordinal));
        var gateway = new WebApplicationFactory<GatewayProgram>().WithWebHostBuilder(web =>
        {
            web.UseEnvironment("Testing");
            web.UseSetting("services:documents:http:0", url.ToString().TrimEnd('/'));
            web.UseSetting("Internal:Key", RealDocumentsService.TestInternalKey);
            foreach (var other in new[] { "export-orchestrator", "ai-proxy", "pdf-renderer" })
                web.UseSetting($"services:{other}:http:0", "http://127.0.0.1:9");
        });
        return new GatewayHost(documents, gateway) { DocumentsUrl = url };
    }

    /// <summary>A client of the gateway (never of the service directly), signed in when given a token.</summary>
    public HttpClient CreateClient(string? accessToken = null)
    {
        var client = _gateway.CreateClient();
        if (accessToken is not null) client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        return client;
    }

    public async ValueTask DisposeAsync()
    {
        await _gateway.DisposeAsync();
        await _documents.DisposeAsync();
    }
}
