using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ResumePair.PdfRenderer.Tests.Support;

public sealed record ReceivedUpload(string Token, string? ContentType, byte[] Body, string? Digest);

/// <summary>
/// Stands in for the orchestrator's <c>PUT /internal/files/{token}</c> on a real Kestrel port. Tokens starting
/// with <c>fail-</c> answer 500, <c>deny-</c> answer 403, so tests can drive the renderer's failure paths.
/// </summary>
public sealed class UploadServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    public ConcurrentDictionary<string, ReceivedUpload> Uploads { get; } = new();
    public ConcurrentDictionary<string, int> Attempts { get; } = new();
    public string BaseUrl { get; private set; } = "";

    private UploadServer(WebApplication app) => _app = app;

    public static async Task<UploadServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var server = new UploadServer(app);
        app.MapPut("/internal/files/{token}", async (string token, HttpRequest request) =>
        {
            server.Attempts.AddOrUpdate(token, 1, (_, n) => n + 1);
            if (token.StartsWith("fail-", StringComparison.Ordinal)) return Results.StatusCode(500);
            if (token.StartsWith("deny-", StringComparison.Ordinal)) return Results.StatusCode(403);
            using var buffer = new MemoryStream();
            await request.Body.CopyToAsync(buffer);
            server.Uploads[token] = new ReceivedUpload(token, request.ContentType, buffer.ToArray(), request.Headers["Repr-Digest"]);
            return Results.StatusCode(201);
        });
        await app.StartAsync();
        server.BaseUrl = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return server;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
