using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace ResumePair.ExportOrchestrator.Tests.Support;

/// <summary>
/// Stands in for an operator's alerting endpoint (outside the product) on a real local port: it records what the
/// orchestrator posts to <c>Export:DeadLetterWebhookUrl</c> = <see cref="HookUrl"/>.
/// </summary>
public sealed class AlertWebhookReceiver : IAsyncDisposable
{
    private WebApplication _app = null!;

    public string HookUrl { get; private set; } = "";
    public ConcurrentQueue<(string IdempotencyKey, JsonElement Body)> Alerts { get; } = new();

    public static async Task<AlertWebhookReceiver> StartAsync()
    {
        var receiver = new AlertWebhookReceiver();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        app.MapPost("/hooks/dead-letter", async (HttpRequest request) =>
        {
            using var body = await JsonDocument.ParseAsync(request.Body);
            receiver.Alerts.Enqueue((request.Headers["Idempotency-Key"].ToString(), body.RootElement.Clone()));
            return Results.NoContent();
        });
        await app.StartAsync();
        receiver._app = app;
        receiver.HookUrl = app.Urls.First().TrimEnd('/') + "/hooks/dead-letter";
        return receiver;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
