using System.Net.ServerSentEvents;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;

namespace ResumePair.AiProxy.Providers;

/// <summary>
/// Any OpenAI-compatible chat-completions endpoint (OpenAI, llama.cpp, Ollama, vLLM) over raw HTTP, so streaming and
/// cancellation stay in our hands: the request is aborted as soon as the caller's token is cancelled.
/// </summary>
public sealed class OpenAiProvider(HttpClient http, IOptions<AiOptions> options, ProviderCalls calls) : IAiProvider
{
    private readonly OpenAiOptions _o = options.Value.OpenAi;

    public string Name => "openai";
    public string Model => _o.Model;
    public bool Metered => true;

    public async Task<Completion> CompleteAsync(AiPrompt prompt, CancellationToken ct)
    {
        using var response = await calls.SendAsync(http, Request(prompt, stream: false), Name, ct);
        var body = await ReadJsonAsync(response, ct);
        var text = First(body?["choices"])?["message"]?["content"]?.GetValue<string>()
                   ?? throw new ProviderUnavailableException("The AI provider (openai) returned no message.");
        var usage = body?["usage"];
        return new Completion(text,
            usage?["prompt_tokens"]?.GetValue<int>() ?? prompt.EstimatedInputTokens,
            usage?["completion_tokens"]?.GetValue<int>() ?? Tokens.Estimate(text));
    }

    public async IAsyncEnumerable<StreamChunk> StreamAsync(
        AiPrompt prompt,
        [EnumeratorCancellation] CancellationToken ct
    )
    {
        using var response = await calls.SendAsync(http, Request(prompt, stream: true), Name, ct);
        await using var body = await response.Content.ReadAsStreamAsync(ct);
        await foreach (var item in SseParser.Create(body).EnumerateAsync(ct))
        {
            var data = item.Data;
            if (data == "[DONE]") yield break;
            JsonNode? chunk;
            try { chunk = JsonNode.Parse(data); }
            catch (JsonException) { continue; } // a keep-alive or a vendor extension we do not understand
            if (First(chunk?["choices"])?["delta"]?["content"]?.GetValue<string>() is { Length: > 0 } token)
                yield return new StreamChunk(token);
            if (chunk?["usage"] is JsonObject usage)
                yield return new StreamChunk(
                    null,
                    usage["prompt_tokens"]?.GetValue<int>(),
                    usage["completion_tokens"]?.GetValue<int>()
                );
        }
    }

    private HttpRequestMessage Request(AiPrompt prompt, bool stream)
    {
        var body = new JsonObject
        {
            ["model"] = _o.Model,
            ["messages"] = new JsonArray(
                new JsonObject { ["role"] = "system", ["content"] = prompt.System },
                new JsonObject { ["role"] = "user", ["content"] = prompt.User }),
            ["max_tokens"] = prompt.MaxOutputTokens,
            ["temperature"] = 0.4,
            ["stream"] = stream,
        };
        if (stream) body["stream_options"] = new JsonObject { ["include_usage"] = true };
        if (prompt.Json) body["response_format"] = new JsonObject { ["type"] = "json_object" };
        var request = new HttpRequestMessage(HttpMethod.Post, _o.BaseUrl.TrimEnd('/') + "/chat/completions")
        {
            Content = JsonContent.Create(body),
        };
        if (!string.IsNullOrEmpty(_o.ApiKey))
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _o.ApiKey);
        if (stream) request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
        return request;
    }

    /// <summary>The first element of a JSON array, or null (a usage-only stream chunk has an empty
    /// <c>choices</c>).</summary>
    internal static JsonNode? First(JsonNode? array) => array is JsonArray { Count: > 0 } a ? a[0] : null;

    internal static async Task<JsonNode?> ReadJsonAsync(HttpResponseMessage response, CancellationToken ct)
    {
        try { return await response.Content.ReadFromJsonAsync<JsonNode>(ct); }
        catch (Exception e) when (e is JsonException or HttpRequestException or IOException)
        {
            throw new ProviderUnavailableException("The AI provider's answer could not be read.", null, e);
        }
    }
}
