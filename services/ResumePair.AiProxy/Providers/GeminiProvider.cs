using System.Net.ServerSentEvents;
using System.Net.Http.Json;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;

namespace ResumePair.AiProxy.Providers;

/// <summary>Google Gemini's REST API: <c>models/{model}:generateContent</c> and
/// <c>:streamGenerateContent?alt=sse</c>.</summary>
public sealed class GeminiProvider(HttpClient http, IOptions<AiOptions> options, ProviderCalls calls) : IAiProvider
{
    private readonly GeminiOptions _o = options.Value.Gemini;

    public string Name => "gemini";
    public string Model => _o.Model;
    public bool Metered => true;

    public async Task<Completion> CompleteAsync(AiPrompt prompt, CancellationToken ct)
    {
        using var response = await calls.SendAsync(http, Request(prompt, stream: false), Name, ct);
        var body = await OpenAiProvider.ReadJsonAsync(response, ct);
        var text = Text(body)
            ?? throw new ProviderUnavailableException("The AI provider (gemini) returned no content.");
        var (tokensIn, tokensOut) = Usage(body);
        return new Completion(text, tokensIn ?? prompt.EstimatedInputTokens, tokensOut ?? Tokens.Estimate(text));
    }

    public async IAsyncEnumerable<StreamChunk> StreamAsync(
        AiPrompt prompt,
        [EnumeratorCancellation] CancellationToken ct
    )
    {
        using var response = await calls.SendAsync(http, Request(prompt, stream: true), Name, ct);
        await using var body = await response.Content.ReadAsStreamAsync(ct);
        int? tokensIn = null, tokensOut = null;
        await foreach (var item in SseParser.Create(body).EnumerateAsync(ct))
        {
            var data = item.Data;
            JsonNode? chunk;
            try { chunk = JsonNode.Parse(data); }
            catch (JsonException) { continue; }
            if (Text(chunk) is { Length: > 0 } token) yield return new StreamChunk(token);
            var (i, o) = Usage(chunk);
            tokensIn = i ?? tokensIn;
            tokensOut = o ?? tokensOut; // every chunk repeats the running totals; the last one wins
        }
        if (tokensIn is not null || tokensOut is not null) yield return new StreamChunk(null, tokensIn, tokensOut);
    }

    private static string? Text(JsonNode? body) =>
        OpenAiProvider.First(body?["candidates"])?["content"]?["parts"] is JsonArray parts
            ? string.Concat(parts.Select(p => p?["text"]?.GetValue<string>() ?? ""))
            : null;

    private static (int? In, int? Out) Usage(JsonNode? body) =>
        (
            body?["usageMetadata"]?["promptTokenCount"]?.GetValue<int>(),
            body?["usageMetadata"]?["candidatesTokenCount"]?.GetValue<int>()
        );

    private HttpRequestMessage Request(AiPrompt prompt, bool stream)
    {
        var config = new JsonObject { ["maxOutputTokens"] = prompt.MaxOutputTokens, ["temperature"] = 0.4 };
        if (prompt.Json) config["responseMimeType"] = "application/json";
        var body = new JsonObject
        {
            ["systemInstruction"] = new JsonObject
            {
                ["parts"] = new JsonArray(new JsonObject { ["text"] = prompt.System }),
            },
            ["contents"] = new JsonArray(
                new JsonObject
                {
                    ["role"] = "user",
                    ["parts"] = new JsonArray(new JsonObject { ["text"] = prompt.User }),
                }
            ),
            ["generationConfig"] = config,
        };
        var action = stream ? "streamGenerateContent?alt=sse" : "generateContent";
        var request = new HttpRequestMessage(
            HttpMethod.Post,
            $"{_o.BaseUrl.TrimEnd('/')}/models/{Uri.EscapeDataString(_o.Model)}:{action}"
        )
        {
            Content = JsonContent.Create(body),
        };
        if (!string.IsNullOrEmpty(_o.ApiKey)) request.Headers.TryAddWithoutValidation("x-goog-api-key", _o.ApiKey);
        return request;
    }
}
