using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace ResumePair.Testing.Vendors;

/// <summary>
/// A real HTTP server speaking OpenAI's chat-completions protocol (JSON, and SSE when the request says
/// <c>"stream": true</c>), answering from a script: each request takes the next step, or <see cref="Default"/>.
/// It records what it received and notices when a caller drops the connection mid-answer.
/// </summary>
public sealed class FakeOpenAiServer : IAsyncDisposable
{
    public delegate Task Step(HttpContext http, JsonNode request);

    private readonly ConcurrentQueue<Step> _script = new();
    private WebApplication _app = null!;
    private int _requests;

    public string BaseUrl { get; private set; } = "";
    public Step Default { get; set; } = Reply("Default answer.");
    public ConcurrentQueue<JsonNode> Received { get; } = new();
    public ConcurrentQueue<string> Authorizations { get; } = new();
    public int Requests => Volatile.Read(ref _requests);

    /// <summary>Completes when a request's connection was aborted by the caller while the server was still
    /// answering.</summary>
    public TaskCompletionSource Aborted { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public static async Task<FakeOpenAiServer> StartAsync()
    {
        var server = new FakeOpenAiServer();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        app.MapPost("/v1/chat/completions", async (HttpContext http) =>
        {
            Interlocked.Increment(ref server._requests);
            var request = (await JsonNode.ParseAsync(http.Request.Body))!;
            server.Received.Enqueue(request);
            server.Authorizations.Enqueue(http.Request.Headers.Authorization.ToString());
            var step = server._script.TryDequeue(out var next) ? next : server.Default;
            try
            {
                await step(http, request);
            }
            catch (OperationCanceledException) when (http.RequestAborted.IsCancellationRequested)
            {
                server.Aborted.TrySetResult();
            }
            catch (IOException) when (http.RequestAborted.IsCancellationRequested)
            {
                server.Aborted.TrySetResult();
            }
        });
        await app.StartAsync();
        server._app = app;
        server.BaseUrl = app.Urls.First().TrimEnd('/') + "/v1";
        return server;
    }

    public void Enqueue(params Step[] steps)
    {
        foreach (var s in steps) _script.Enqueue(s);
    }

    /// <summary>The ai-proxy configuration that makes it call this server as its OpenAI vendor.</summary>
    public Dictionary<string, string> ProxySettings() => new()
    {
        ["Ai:Provider"] = "openai",
        ["Ai:OpenAi:BaseUrl"] = BaseUrl,
        ["Ai:OpenAi:Model"] = "test-model",
        ["Ai:OpenAi:ApiKey"] = "sk-test-secret",
    };

    /// <summary>The user's part of a received request (the text the feature sent, e.g. the resume text to
    /// extract).</summary>
    public static string UserText(JsonNode request) => request["messages"]![1]!["content"]!.GetValue<string>();

    /// <summary>A good answer computed from the request (e.g. from <see cref="UserText"/>).</summary>
    public static Step ReplyFrom(Func<JsonNode, string> content) =>
        (http, request) => Reply(content(request))(http, request);

    /// <summary>A good answer: the whole message as JSON, or token by token (one SSE event per word) when
    /// streamed.</summary>
    public static Step Reply(string content, TimeSpan? perToken = null) => async (http, request) =>
    {
        if (request["stream"]?.GetValue<bool>() == true)
        {
            http.Response.ContentType = "text/event-stream";
            foreach (var word in Words(content))
            {
                    await Event(
                        http,
                        new
                        {
                            id = "c1",
                            @object = "chat.completion.chunk",
                            choices = new[] { new { index = 0, delta = new { content = word } } },
                        }
                    );
                if (perToken is { } wait) await Task.Delay(wait, http.RequestAborted);
            }
                await Event(
                    http,
                    new
                    {
                        id = "c1",
                        @object = "chat.completion.chunk",
                        choices = Array.Empty<object>(),
                        usage = new { prompt_tokens = 40, completion_tokens = 20 },
                    }
                );
            await http.Response.WriteAsync("data: [DONE]\n\n", http.RequestAborted);
            return;
        }
            await http.Response.WriteAsJsonAsync(
                new
                {
                    id = "c1",
                    @object = "chat.completion",
                    model = request["model"]?.GetValue<string>(),
                    choices = new[]
                    {
                        new
                        {
                            index = 0,
                            message = new { role = "assistant", content },
                            finish_reason = "stop",
                        },
                    },
                    usage = new
                    {
                        prompt_tokens = 40,
                        completion_tokens = 20,
                        total_tokens = 60,
                    },
                },
                http.RequestAborted
            );
    };

    public static Step Status(int status, int? retryAfterSeconds = null) => async (http, _) =>
    {
        http.Response.StatusCode = status;
        if (retryAfterSeconds is { } s) http.Response.Headers.RetryAfter = s.ToString();
        await http.Response.WriteAsJsonAsync(new { error = new { message = $"scripted {status}", type = "test" } });
    };

    public static Step Slow(TimeSpan delay, string content = "Late answer.") => async (http, request) =>
    {
        await Task.Delay(delay, http.RequestAborted);
        await Reply(content)(http, request);
    };

    private static async Task Event(HttpContext http, object payload)
    {
        await http.Response.WriteAsync($"data: {JsonSerializer.Serialize(payload)}\n\n", http.RequestAborted);
        await http.Response.Body.FlushAsync(http.RequestAborted);
    }

    private static IEnumerable<string> Words(string text)
    {
        var start = 0;
        for (var i = 1; i <= text.Length; i++)
            if (i == text.Length || text[i] == ' ') { yield return text[start..i]; start = i; }
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
