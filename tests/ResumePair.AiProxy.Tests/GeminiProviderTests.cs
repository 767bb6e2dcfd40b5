using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using ResumePair.AiProxy.Features;
using ResumePair.AiProxy.Providers;

namespace ResumePair.AiProxy.Tests;

/// <summary>The Gemini provider against a local server speaking its REST shape (generateContent,
/// streamGenerateContent?alt=sse).</summary>
public sealed class GeminiProviderTests : IAsyncLifetime
{
    private WebApplication _app = null!;
    private readonly ConcurrentQueue<(string Path, string? Key, JsonNode Body)> _received = new();

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        _app = builder.Build();
        _app.MapPost("/v1beta/{**rest}", async (HttpContext http) =>
        {
            var body = (await JsonNode.ParseAsync(http.Request.Body))!;
            _received.Enqueue(
                (http.Request.Path + http.Request.QueryString, http.Request.Headers["x-goog-api-key"].ToString(), body)
            );
            object Chunk(string text, int tokens) =>
                new
                {
                    candidates = new[] { new { content = new { role = "model", parts = new[] { new { text } } } } },
                    usageMetadata = new { promptTokenCount = 12, candidatesTokenCount = tokens },
                };
            if (http.Request.Path.Value!.EndsWith(":streamGenerateContent", StringComparison.Ordinal))
            {
                http.Response.ContentType = "text/event-stream";
                foreach (var (text, tokens) in new[] { ("Led ", 1), ("the ", 2), ("launch", 3) })
                {
                    await http.Response.WriteAsync(
                        $"data: {System.Text.Json.JsonSerializer.Serialize(Chunk(text, tokens))}\r\n\r\n"
                    );
                    await http.Response.Body.FlushAsync();
                }
                return;
            }
            await http.Response.WriteAsJsonAsync(Chunk("Led the launch", 3));
        });
        await _app.StartAsync();
    }

    private GeminiProvider Provider()
    {
        var options = Options.Create(
            new AiOptions
            {
                Gemini = new GeminiOptions
                {
                    BaseUrl = _app.Urls.First() + "/v1beta",
                    Model = "gemini-test",
                    ApiKey = "g-secret",
                },
            }
        );
        return new GeminiProvider(new HttpClient(), options, new ProviderCalls(NullLogger<ProviderCalls>.Instance));
    }

    [Fact]
    public async Task Completes_and_streams_with_the_key_in_a_header_not_the_url()
    {
        var prompt = Prompts.Enhance(new EnhanceInput("launched it", "concise"));

        var completion = await Provider().CompleteAsync(prompt, CancellationToken.None);
        var chunks = new List<StreamChunk>();
        await foreach (var chunk in Provider().StreamAsync(prompt, CancellationToken.None)) chunks.Add(chunk);

        Assert.Equal(new Completion("Led the launch", 12, 3), completion);
        Assert.Equal("Led the launch", string.Concat(chunks.Select(c => c.Text)));
        Assert.Equal((12, 3), (chunks[^1].TokensIn, chunks[^1].TokensOut)); // the running totals of the last chunk
        var requests = _received.ToList();
        Assert.Equal("/v1beta/models/gemini-test:generateContent", requests[0].Path);
        Assert.Equal("/v1beta/models/gemini-test:streamGenerateContent?alt=sse", requests[1].Path);
        Assert.All(requests, r => Assert.Equal("g-secret", r.Key));
        Assert.All(requests, r => Assert.DoesNotContain("g-secret", r.Path));
        Assert.Equal(prompt.System, requests[0].Body["systemInstruction"]!["parts"]![0]!["text"]!.GetValue<string>());
        Assert.Equal("launched it", requests[0].Body["contents"]![0]!["parts"]![0]!["text"]!.GetValue<string>());
    }

    public async Task DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
