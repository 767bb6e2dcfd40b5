using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using ResumePair.ServiceDefaults.Internal;

namespace ResumePair.ExportOrchestrator.Tests.Imports;

/// <summary>
/// Stands in for ai-proxy's and documents' internal routes on a real local port, behind the real
/// <see cref="InternalAuthFilter"/> with the test key: a call the orchestrator did not sign correctly is 401 here as
/// there. The real routes are tested in their own projects (ai-proxy, documents) and together end to end.
/// Steps queued for a route answer its next calls in order; then the default behaviour applies.
/// </summary>
public sealed class FakeImportServices : IAsyncDisposable
{
    public const string Key = "orchestrator-import-test-key";
    public delegate Task<IResult?> Step(HttpContext http);

    private WebApplication _app = null!;
    public string Url { get; private set; } = "";
    public ConcurrentQueue<string> ExtractedTexts { get; } = new();
    public ConcurrentDictionary<Guid, (Guid UserId, string Title, JsonElement Data)> Documents { get; } = new();
    public ConcurrentQueue<Guid> CreateCalls { get; } = new();
    public ConcurrentQueue<Step> ExtractSteps { get; } = new();
    public ConcurrentQueue<Step> CreateSteps { get; } = new();
    /// <summary>Runs when a call arrives (before it is answered): tests look at the job's stage from here.</summary>
    public Func<string, Task>? OnCall { get; set; }

    public static async Task<FakeImportServices> StartAsync()
    {
        var fake = new FakeImportServices();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        builder.Configuration["Internal:Key"] = Key;
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddInternalAuth();
        var app = builder.Build();

        app.MapPost("/internal/v1/extract", async (HttpContext http) =>
        {
            using var body = await JsonDocument.ParseAsync(http.Request.Body);
            var text = body.RootElement.GetProperty("text").GetString()!;
            fake.ExtractedTexts.Enqueue(text);
            if (fake.OnCall is { } onCall) await onCall("extract");
            if (fake.ExtractSteps.TryDequeue(out var step) && await step(http) is { } scripted) return scripted;
            // Like the offline extractor: the first line is the name.
            var name = text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)[0];
            return Results.Json(new { data = new { profile = new { name } }, provider = "fake", model = "fake" });
        }).RequireInternalAuth();

        app.MapPut("/internal/v1/users/{userId:guid}/documents/{id:guid}", async (Guid userId, Guid id, HttpContext http) =>
        {
            using var body = await JsonDocument.ParseAsync(http.Request.Body);
            fake.CreateCalls.Enqueue(id);
            if (fake.OnCall is { } onCall) await onCall("create");
            var created = fake.Documents.TryAdd(id, (userId, body.RootElement.GetProperty("title").GetString()!, body.RootElement.GetProperty("data").Clone()));
            if (fake.CreateSteps.TryDequeue(out var step) && await step(http) is { } scripted) return scripted;
            return created ? Results.Created($"/api/v1/documents/{id}", new { id }) : Results.Ok(new { id });
        }).RequireInternalAuth();

        await app.StartAsync();
        fake._app = app;
        fake.Url = app.Urls.First().TrimEnd('/');
        return fake;
    }

    public static Step Problem(int status, string title, string detail, string? policy = null) => _ =>
        Task.FromResult<IResult?>(Results.Problem(statusCode: status, title: title, detail: detail,
            extensions: policy is null ? null : new Dictionary<string, object?> { ["policy"] = policy }));

    /// <summary>The orchestrator settings that point its ai-proxy and documents clients here, with the shared key.</summary>
    public Dictionary<string, string> Settings() => new()
    {
        ["services:ai-proxy:http:0"] = Url,
        ["services:documents:http:0"] = Url,
        ["Internal:Key"] = Key,
        ["Export:RetryBaseDelay"] = "00:00:00.100",
        ["Export:RetryMaxDelay"] = "00:00:00.200",
    };

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
