using System.Collections.Concurrent;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ResumePair.Testing.Telemetry;

/// <summary>An OTLP/HTTP receiver on a real port: keeps every body posted to /v1/{signal} (traces, metrics, logs).
/// </summary>
public sealed class OtlpReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;

    private OtlpReceiver(WebApplication app, string url) => (_app, Url) = (app, url);

    public ConcurrentBag<(string Signal, byte[] Body)> Received { get; } = [];

    public string Url { get; }

    public static async Task<OtlpReceiver> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        OtlpReceiver? self = null;
        app.MapPost("/v1/{signal}", async (string signal, HttpRequest request) =>
        {
            using var body = new MemoryStream();
            await request.Body.CopyToAsync(body);
            self!.Received.Add((signal, body.ToArray()));
            return Results.Ok();
        });
        await app.StartAsync();
        var url = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!
            .Addresses.Single();
        return self = new OtlpReceiver(app, url);
    }

    /// <summary>Every body of one signal as text: names and string attributes are UTF-8 inside the protobuf.</summary>
    public string Text(string signal) =>
        string.Join('\n', Received.Where(r => r.Signal == signal).Select(r => Encoding.UTF8.GetString(r.Body)));

    public ValueTask DisposeAsync() => _app.DisposeAsync();
}
